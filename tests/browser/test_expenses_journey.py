"""A family's expenses through the real pages: told in the invitation what it can claim, the parent signs in with
an e-mailed code on a phone and claims mileage and parking with a photo of the receipt; the LA officer finds the
claim on their home page, approves the mileage and refuses the parking with a reason; the e-mail brings the parent
back to see both decisions. axe-core checks every page on the way."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sendresolve.expenses.models import ExpenseClaim
from tests.agreements.conftest import hold_meeting
from tests.browser.test_case_journeys import _sign_in_staff
from tests.browser.test_meeting_journey import _deliver_all, _sign_in_family, _text
from tests.expenses.helpers import PNG
from tests.factories import give_totp
from tests.meetings.conftest import make_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_family_claims_mileage_and_parking_and_sees_the_las_decision_on_each(
        browser, live_server, pages_checked, smtp_sink, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
    email = "sarah.collins@example.test"
    held = hold_meeting(make_ready(family_email=email))
    give_totp(held.la_officer)
    _deliver_all()
    invitation = next(_text(m) for m in smtp_sink.messages
                      if m["To"] == email and m["Subject"].startswith("Mediation meeting booked"))
    assert "pays reasonable travel and other costs of coming to the meeting: car mileage at £0.45 a mile" in \
        " ".join(invitation.split())

    family = browser.new_context(viewport=PHONE).new_page()
    _sign_in_family(family, live_server, email, smtp_sink)
    family.goto(f"{live_server.url}/cases/{held.case.reference}/")
    family.get_by_role("link", name="Claim your costs").click()
    expect(family.locator("h1")).to_have_text("Costs of coming to the meeting")
    pages_checked.check(family)
    family.get_by_label(re.compile(r"\(held\)")).check()
    family.get_by_role("button", name="Start a claim").click()
    expect(family.locator("h1")).to_contain_text("Expense claim EX-")
    pages_checked.check(family)

    family.get_by_label("Travel by car (mileage)").check()
    family.get_by_label("What it was for").fill("Drove to the meeting and back")
    family.get_by_label("Miles there and back (car only)").fill("20")
    family.get_by_label("From (a town or area, not your address; car only)").fill("Bexley")
    family.get_by_label("To (car only)").fill("Dartford")
    _today(family)
    family.get_by_role("button", name="Add this cost").click()
    expect(family.locator(".govuk-notification-banner")).to_contain_text("Cost added")
    family.get_by_label("Parking and tolls").check()
    family.get_by_label("What it was for").fill("Car park at the venue, 3 hours")
    family.get_by_label(re.compile("Amount in pounds")).fill("4.50")
    _today(family)
    family.get_by_role("button", name="Add this cost").click()  # no receipt yet: refused, answers kept
    expect(family.locator(".govuk-error-summary")).to_contain_text("Upload a photo or scan of the receipt")
    pages_checked.check(family)
    receipt = tmp_path / "car-park.png"
    receipt.write_bytes(PNG)
    family.get_by_label(re.compile("Photo or scan of the receipt")).set_input_files(str(receipt))
    family.get_by_role("button", name="Add this cost").click()
    expect(family.locator("table")).to_contain_text("car-park.png")
    family.get_by_role("link", name="Check and send your claim").click()
    expect(family.locator("h1")).to_have_text("Check and send your claim")
    expect(family.locator(".govuk-summary-list")).to_contain_text("£13.50")  # 20 miles at 45p, and £4.50
    pages_checked.check(family)
    family.get_by_label(re.compile("I confirm that these costs")).check()
    family.get_by_label("Your full name").fill("Sarah Collins")
    family.get_by_role("button", name=re.compile("^Send the claim to")).click()
    expect(family.locator(".govuk-notification-banner")).to_contain_text("has been sent to")
    expect(family.locator(".govuk-summary-list")).to_contain_text("Waiting for a decision")
    reference = re.search(r"EX-\w+", family.locator("h1").inner_text()).group(0)

    la = browser.new_context().new_page()
    _sign_in_staff(la, live_server, held.la_officer)
    la.get_by_role("link", name=re.compile(rf"Expense claim to decide \({reference}\), by")).click()
    expect(la.locator("h1")).to_have_text(f"Expense claim {reference}")
    la.get_by_role("link", name="Decide this claim").click()
    expect(la.locator("h1")).to_have_text(f"Decide expense claim {reference}")
    pages_checked.check(la)
    mileage = la.locator(".govuk-summary-card", has_text="Travel by car")
    parking = la.locator(".govuk-summary-card", has_text="Parking and tolls")
    mileage.get_by_label("Approve in full").check()
    parking.get_by_label("Refuse").check()
    la.get_by_role("button", name="Save the decision").click()  # no reason for the refusal: refused, kept
    expect(la.locator(".govuk-error-summary")).to_contain_text("give the reason for refusing")
    pages_checked.check(la)
    parking.get_by_label(re.compile("Reason .needed unless")).fill("The venue's car park is free for visitors")
    la.get_by_role("button", name="Save the decision").click()
    expect(la.locator(".govuk-notification-banner")).to_contain_text("The family has been told by e-mail")

    _deliver_all()
    decided = next(_text(m) for m in smtp_sink.messages
                   if m["To"] == email and m["Subject"].startswith("Your expenses claim has been decided"))
    link = re.search(r"(http\S+/expenses/EX-\w+/)", decided).group(1)
    family.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), live_server.url))
    lines = family.locator("table")
    expect(lines.locator("tr", has_text="Travel by car")).to_contain_text("Approved £9.00")
    expect(lines.locator("tr", has_text="Parking and tolls")).to_contain_text("Refused")
    expect(lines).to_contain_text("Reason: The venue's car park is free for visitors")
    expect(family.locator(".govuk-summary-list")).to_contain_text("£9.00")
    pages_checked.check(family)
    assert ExpenseClaim.objects.get(reference=reference).total_approved == Decimal("9.00")


def _today(page) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    for part, value in enumerate((today.day, today.month, today.year)):
        page.locator(f"#id_incurred_on_{part}").fill(str(value))
