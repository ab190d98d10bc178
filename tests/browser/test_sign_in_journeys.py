"""Every role signs in through the real pages in Chromium; axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sendresolve.accounts.roles import Role
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import PASSWORD, person, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_ROLES = [
    (Role.MEDIATOR, "Your cases"),
    (Role.SERVICE_MANAGER, "Cases and what is due"),
    (Role.ADMINISTRATOR, "Audit log"),
    (Role.LA_OFFICER, "Your authority's cases"),
    (Role.LA_DECISION_MAKER, "Agreed actions"),
    (Role.ICB_REPRESENTATIVE, "Cases with health issues"),
    (Role.SOCIAL_CARE_REPRESENTATIVE, "Cases with social care issues"),
    (Role.SCHOOL_REPRESENTATIVE, "Meetings you are invited to"),
    (Role.ADVOCATE, "Families you support"),
]


def _password_step(page, live_server, user, pages_checked):
    page.goto(f"{live_server.url}/")
    pages_checked.check(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    pages_checked.check(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_case_officer_enrols_an_authenticator_at_first_sign_in(page, live_server, pages_checked):
    officer = person(Role.CASE_OFFICER)
    _password_step(page, live_server, officer, pages_checked)
    # First sign-in: the QR code and the secret are shown; the code from the app finishes it.
    expect(page.locator("h1")).to_contain_text("authenticator app")
    pages_checked.check(page)
    assert page.locator(".app-qr img").count() == 1
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("Activate", re.I)).click()
    page.wait_for_load_state()
    pages_checked.check(page)
    page.goto(f"{live_server.url}/home/")
    expect(page.get_by_role("heading", name="Your work queue")).to_be_visible()
    pages_checked.check(page)
    for path in ("/accessibility/", "/privacy/", "/no-such-page/"):
        page.goto(f"{live_server.url}{path}")
        pages_checked.check(page)


@pytest.mark.parametrize("role, panel", STAFF_ROLES, ids=[role for role, _ in STAFF_ROLES])
def test_each_staff_role_signs_in_with_password_and_code(page, live_server, pages_checked, role, panel):
    user = person(role, totp=True)
    _password_step(page, live_server, user, pages_checked)
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    pages_checked.check(page)
    page.get_by_label("Code").fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Home")
    expect(page.get_by_role("heading", name=panel)).to_be_visible()
    pages_checked.check(page)
    if role == Role.ADMINISTRATOR:
        page.get_by_role("link", name="Audit log", exact=True).click()
        expect(page.locator("h1")).to_have_text("Audit log")
        expect(page.get_by_text(user.email).first).to_be_visible()
        pages_checked.check(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    pages_checked.check(page)


def test_a_parent_signs_in_with_a_code_read_from_a_real_smtp_server(page, live_server, pages_checked, smtp_sink):
    parent = person(Role.FAMILY_MEMBER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Send me a sign-in code").click()
    expect(page.locator("h1")).to_have_text("Get a sign-in code")
    pages_checked.check(page)
    page.get_by_label("Email").fill(parent.email)
    page.get_by_role("button", name="Send the code").click()
    expect(page.locator("h1")).to_have_text("Enter your sign-in code")
    pages_checked.check(page)
    for message in OutboundEmail.objects.filter(to=parent.email):  # what the worker does
        outbox_deliver(message_id=message.pk)
    [email] = smtp_sink.messages
    assert email["To"] == parent.email
    text = next(part for part in email.walk() if part.get_content_type() == "text/plain")
    code = re.search(r"^([A-Z0-9-]{6,})\s*$", text.get_payload(decode=True).decode(), re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Home")
    expect(page.get_by_role("heading", name="Your request")).to_be_visible()
    pages_checked.check(page)
