"""A service manager deals with e-mail that was not delivered, through the real pages (ADR 18): from their home
page to the e-mails that need attention, sends a failed one again, and records how a bounced notice to the LA was
dealt with instead. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import Role
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import email_enqueue
from tests.browser.test_case_journeys import _sign_in_staff
from tests.factories import person
from tests.notifications.outbox_world import force_failure, la_notice_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_service_manager_sends_a_failed_e_mail_again_and_records_how_a_bounced_notice_was_dealt_with(
        page, live_server, pages_checked):
    manager = person(Role.SERVICE_MANAGER, totp=True)
    failed = force_failure(email_enqueue(to="family@example.test", subject="Your dates", body_text="..."))
    case, notice = la_notice_case()
    # Set-up: the LA's notice bounced (a real bounce report marking a message is tested in
    # tests/notifications/test_bounces.py); the journey under test is the service manager's, through the pages.
    OutboundEmail.objects.filter(pk=notice.pk).update(
        status=OutboundEmail.Status.BOUNCED, bounced_at=timezone.now(),
        bounce_report="5.1.1 smtp; 550 5.1.1 <sen@la.example>: Recipient address rejected: User unknown")

    _sign_in_staff(page, live_server, manager)
    page.get_by_role("link", name="See the e-mails that need attention").click()
    expect(page.locator("h1")).to_have_text("E-mails that need attention")
    pages_checked.check(page)
    expect(page.get_by_role("row", name=re.compile("Your dates"))).to_contain_text("Not delivered after 8 tries")
    bounced_row = page.get_by_role("row", name=re.compile(re.escape(notice.subject)))
    expect(bounced_row).to_contain_text("The LA was not told")
    expect(bounced_row.get_by_role("button")).to_have_count(0)  # a bounced address is not tried again

    page.get_by_role("button", name=re.compile("Send again.*Your dates")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("will be sent again in a moment")
    pages_checked.check(page)
    expect(page.get_by_role("row", name=re.compile("Your dates"))).to_have_count(0)
    assert OutboundEmail.objects.get(pk=failed.pk).status == OutboundEmail.Status.PENDING

    bounced_row.get_by_role("link", name=re.compile("Record how it was dealt with")).click()
    expect(page.locator("h1")).to_have_text("Record how an undelivered e-mail was dealt with")
    pages_checked.check(page)
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was done instead")
    pages_checked.check(page)
    page.get_by_label("What was done instead").fill("Phoned the SEN team on Monday and sent the notice by post")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Recorded how")
    expect(page.get_by_text("No e-mail needs attention.")).to_be_visible()
    assert OutboundEmail.objects.get(pk=notice.pk).resolution.startswith("Phoned the SEN team")
