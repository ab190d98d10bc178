"""A mediator's month of fees, through the real pages: from their home page they record preparation time on their
case and the held meeting's time (filled in from its length); the worker's monthly run drafts last month's statement;
it waits on their home page; they agree to self-billing, accept the statement, and download the invoice, whose
bytes match the fingerprint the page shows. axe-core checks every page on the way."""

from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from sendresolve.accounts.models import User
from sendresolve.fees import statements
from sendresolve.fees.models import Statement, TimeEntry
from tests.agreements.conftest import hold_meeting
from tests.browser.steps import fill_date
from tests.browser.test_case_journeys import _sign_in_staff
from tests.factories import give_totp
from tests.fees.conftest import make_fees
from tests.meetings.conftest import make_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mediator_records_time_and_accepts_the_month_s_statement_as_their_invoice(
        browser, live_server, pages_checked, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    fees = make_fees(hold_meeting(make_ready()))  # set-up: a rate card; allocated before last month began
    mediator = give_totp(fees.mediator.user)
    page = browser.new_context(accept_downloads=True).new_page()
    _sign_in_staff(page, live_server, mediator)

    # Last month's preparation call, typed in.
    page.get_by_role("link", name="Record your time").click()
    expect(page.locator("h1")).to_have_text("Your time")
    pages_checked.check(page)
    page.get_by_label("Case").select_option(label=fees.case.reference)
    page.get_by_label("Preparation with the family").check()
    called_on = fees.last_month + timedelta(days=6)
    fill_date(page, "worked_on", called_on)
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Minutes").fill("30")
    page.get_by_role("button", name="Save the time").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Saved 1 hour 30 minutes on case {fees.case.reference}")
    pages_checked.check(page)

    # The meeting held today, filled in from its length: checked and saved.
    page.get_by_role("link", name=re.compile("Record the meeting held on")).click()
    expect(page.get_by_text("Filled in from the meeting held on")).to_be_visible()
    expect(page.get_by_label("The mediation meeting")).to_be_checked()
    pages_checked.check(page)
    page.get_by_role("button", name="Save the time").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved")
    assert TimeEntry.objects.filter(activity="meeting", meeting__isnull=False).count() == 1

    # The worker's monthly run (its sweep job) drafts last month's statement: the call alone is on it.
    assert statements.statements_draft_monthly() == 1
    statement = Statement.objects.get()
    page.get_by_role("link", name="Home").click()
    waiting = page.get_by_role("row", name=re.compile("Statement of your fees to accept"))
    expect(waiting).to_contain_text(statement.month_words)
    pages_checked.check(page)
    waiting.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(f"Statement of fees for {statement.month_words}")
    expect(page.get_by_role("row", name=re.compile("Case fee"))).to_contain_text("£150.00")
    expect(page.get_by_role("row", name=re.compile("Preparation with the family"))).to_contain_text(
        "1 hour included in the case fee")  # the other 30 minutes at £40 an hour
    expect(page.get_by_role("row", name="Total payable")).to_contain_text("£170.00")
    expect(page.get_by_role("button", name="Accept this statement")).to_have_count(0)
    pages_checked.check(page)

    # Self-billing first: a bad VAT number is refused and nothing is agreed; then agreed, back to the statement.
    page.get_by_role("link", name="agree to self-billing").click()
    expect(page.locator("h1")).to_have_text("Your self-billing agreement")
    pages_checked.check(page)
    page.get_by_label("Your business address").fill("1 High Street\nNorthtown NT1 1AA")
    page.get_by_label(re.compile("VAT registration number")).fill("12345")
    page.get_by_label("Type your full name to sign").fill(mediator.full_name)
    page.get_by_label("I agree to self-billing on these terms").check()
    page.get_by_role("button", name="Agree to self-billing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a UK VAT registration number")
    pages_checked.check(page)
    page.get_by_label(re.compile("VAT registration number")).fill("")
    page.get_by_label("I agree to self-billing on these terms").check()
    page.get_by_role("button", name="Agree to self-billing").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("you agreed to self-billing")
    expect(page.locator("h1")).to_have_text(f"Statement of fees for {statement.month_words}")

    # Accepted: numbered, and the invoice downloaded is the bytes whose fingerprint the page shows.
    page.get_by_role("button", name="Accept this statement").click()
    statement.refresh_from_db()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"your invoice {statement.number}")
    pages_checked.check(page)
    fingerprint = page.locator("code.app-fingerprint").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download invoice {statement.number} (PDF)").click()
    content = download.value.path().read_bytes()
    assert hashlib.sha256(content).hexdigest() == fingerprint == statement.document_sha256
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert f"Self-billed invoice {statement.number}" in text and fees.case.reference in text
    assert fees.case.child_name not in text

    # The accepted time cannot change any more; today's meeting waits for next month's statement.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Record your time").click()
    expect(page.get_by_role("link", name=re.compile("Correct preparation with the family on"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Correct the mediation meeting"))).to_have_count(1)


def test_a_mediator_disputes_a_line_and_the_service_manager_answers_it(browser, live_server, pages_checked):
    fees = make_fees()
    User.objects.filter(pk=fees.mediator.user.pk).update(full_name="Grace Lin")  # set-up: another mediator's pages
    fees.mediator.user.refresh_from_db()
    entry = fees.record("prep_family", 90)
    statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)  # set-up
    mediator, manager = give_totp(fees.mediator.user), give_totp(fees.manager)
    page = browser.new_context().new_page()
    _sign_in_staff(page, live_server, mediator)

    # Their time: the entry on the open statement can still be corrected; a bad length is refused.
    page.get_by_role("link", name="Record your time").click()
    page.get_by_role("link", name=re.compile("Correct preparation with the family")).click()
    expect(page.locator("h1")).to_have_text("Correct your time")
    page.get_by_label("Hours").fill("13")
    page.get_by_role("button", name="Save the time").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter 12 or fewer")
    pages_checked.check(page)
    entry.refresh_from_db()
    assert entry.minutes == 90

    # Their statements, and a line disputed with a reason (refused first without one).
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="See your statements").click()
    expect(page.locator("h1")).to_have_text("Your statements")
    pages_checked.check(page)
    page.get_by_role("link", name=re.compile(fees.last_month.strftime("%B %Y"))).click()
    page.get_by_label(re.compile("Preparation with the family")).check()
    page.get_by_role("button", name="Send the dispute to the service manager").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what is wrong with the line")
    pages_checked.check(page)
    page.get_by_label(re.compile("Preparation with the family")).check()
    page.get_by_label("What is wrong with it?").fill("My rate card says £45 an hour for preparation")
    page.get_by_role("button", name="Send the dispute to the service manager").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("with the service manager")

    # The service manager finds it waiting, answers, and it goes back to the mediator.
    other = browser.new_context().new_page()
    _sign_in_staff(other, live_server, manager)
    other.get_by_role("row", name=re.compile("Disputed statement to answer")).get_by_role("link").click()
    expect(other.get_by_text("My rate card says £45 an hour")).to_be_visible()
    pages_checked.check(other)
    other.get_by_label("Your answer to the mediator").fill("Your card is £40 an hour until April: it stands")
    other.get_by_role("button", name="Send the answer and the statement back").click()
    expect(other.locator(".govuk-notification-banner--success")).to_contain_text("back with the mediator")
    other.get_by_role("link", name="Every mediator's statements").click()
    expect(other.locator("h1")).to_have_text("Mediators' statements")
    expect(other.get_by_role("row", name=re.compile(mediator.full_name))).to_contain_text("With the mediator")
    pages_checked.check(other)
    assert Statement.objects.get().status == Statement.Status.AWAITING
