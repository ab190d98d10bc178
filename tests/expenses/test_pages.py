"""The expenses pages through the test client: the family is told what it can claim (meeting page, invitation, case
page), claims with a receipt, and sees each decision; the LA finds the claim in its queue with its age and decides
it; nobody else sees it."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.expenses.models import ExpenseClaim
from sendresolve.meetings import booking
from sendresolve.meetings.scheduling import LONDON
from sendresolve.notifications.models import OutboundEmail
from tests.expenses.helpers import PNG, family_claim
from tests.factories import organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
TOLD = "pays reasonable travel and other costs of coming to the meeting: car mileage at £0.45 a mile"


def test_the_family_is_told_what_it_can_claim_in_the_invitation_and_on_the_meeting_page(client, receipts_folder):
    from tests.meetings.conftest import make_ready

    ready = make_ready()
    earliest, _ = case_meeting_window(ready.case, told_on=timezone.localdate())
    booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                         start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    family_mail = OutboundEmail.objects.get(to="sarah.collins@example.test", subject__startswith="Mediation meeting")
    assert f"{ready.la} {TOLD}" in family_mail.body_text and "within 90 days" in family_mail.body_text
    la_mail = OutboundEmail.objects.filter(subject__startswith="Mediation meeting").exclude(to=family_mail.to).first()
    assert TOLD not in la_mail.body_text  # the bodies are not told what the family can claim
    page = signed_in_with_mfa(client, ready.parent).get(f"/cases/{ready.case.reference}/meeting/")
    assert TOLD in page.content.decode()
    case_page = client.get(f"/cases/{ready.case.reference}/").content.decode()
    assert TOLD in case_page and "Claim your costs" in case_page


def test_the_family_claims_and_the_la_decides_through_the_pages(client, held, receipts_folder):
    reference = held.case.reference
    family = signed_in_with_mfa(client, held.parent)
    start = family.get(f"/expenses/case/{reference}/")
    assert TOLD in start.content.decode()
    meeting = held.case.meetings.get()
    family_id = held.case.participants.get(role="rights_holder").pk
    assert family.post(f"/expenses/case/{reference}/", {}).status_code == 400  # no meeting chosen: nothing made
    assert not ExpenseClaim.objects.exists()
    response = family.post(f"/expenses/case/{reference}/", {"meeting": meeting.pk, "claimant": family_id})
    claim = ExpenseClaim.objects.get()
    assert response.url == f"/expenses/{claim.reference}/"
    today = timezone.localdate()
    day = {"incurred_on_0": today.day, "incurred_on_1": today.month, "incurred_on_2": today.year}
    refused = family.post(response.url, {"category": "parking", **day, "description": "Car park", "amount": "4.50"})
    assert refused.status_code == 400 and "Upload a photo or scan of the receipt" in refused.content.decode()
    family.post(response.url, {"category": "mileage", **day, "description": "Drove", "miles": "20",
                               "from_place": "Bexley", "to_place": "Dartford"})
    with (receipts_folder / "r.png").open("wb") as handle:
        handle.write(PNG)
    with (receipts_folder / "r.png").open("rb") as upload:
        family.post(response.url, {"category": "parking", **day, "description": "Car park", "amount": "£4.50",
                                   "receipt": upload})
    claim.refresh_from_db()
    assert claim.total_claimed == Decimal("13.50")
    assert family.post(f"/expenses/{claim.reference}/send/", {"typed_name": "Sarah"}).status_code == 400
    family.post(f"/expenses/{claim.reference}/send/", {"confirmed": "on", "typed_name": "Sarah Collins"})
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED

    la = signed_in_with_mfa(client.__class__(), held.la_officer)
    home = la.get("/home/").content.decode()
    assert f"Expense claim to decide ({claim.reference})" in home
    lines = {line.category: line.pk for line in claim.lines.all()}
    decide = f"/expenses/{claim.reference}/decide/"
    assert la.get(decide).status_code == 200
    missing_reason = la.post(decide, {f"line-{lines['mileage']}-decision": "approved",
                                      f"line-{lines['parking']}-decision": "refused"})
    assert missing_reason.status_code == 400 and "give the reason for refusing" in missing_reason.content.decode()
    la.post(decide, {f"line-{lines['mileage']}-decision": "approved",
                     f"line-{lines['parking']}-decision": "refused",
                     f"line-{lines['parking']}-reason": "The venue has free parking"})
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.DECIDED and claim.total_approved == Decimal("9.00")
    assert "Expense claim to decide" not in la.get("/home/").content.decode()

    seen = family.get(f"/expenses/{claim.reference}/").content.decode()
    assert "Approved</strong> £9.00" in seen and "Refused" in seen and "The venue has free parking" in seen
    receipt = family.get(f"/expenses/{claim.reference}/lines/{lines['parking']}/receipt/")
    assert receipt["Content-Type"] == "image/png" and b"".join(receipt.streaming_content).startswith(b"\x89PNG")


def test_nobody_else_sees_a_claim(client, held):
    claim = family_claim(held)
    other_la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    for outsider in (person(Role.LA_OFFICER, other_la), person(Role.FAMILY_MEMBER), person(Role.MEDIATOR)):
        browser = signed_in_with_mfa(client.__class__(), outsider)
        assert browser.get(f"/expenses/{claim.reference}/").status_code == 404
        assert claim.reference not in browser.get("/expenses/").content.decode()
    assert claim.reference in signed_in_with_mfa(client, held.la_officer).get("/expenses/").content.decode()


def test_a_draft_is_the_claimants_alone(client, held):
    claim = family_claim(held, send=False)
    la = signed_in_with_mfa(client, held.la_officer)
    assert la.get(f"/expenses/{claim.reference}/").status_code == 404
    assert claim.reference not in la.get("/expenses/").content.decode()
