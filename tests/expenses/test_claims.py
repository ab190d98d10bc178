"""Making a claim: who may, for which meeting, under which policy; each cost checked (mileage at the rate, a taxi's
reason, the receipt by what it contains, stored privately); every refusal names its reason and changes nothing."""

from __future__ import annotations

import stat
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import CaseEvent, Participant
from sendresolve.expenses import claims
from sendresolve.expenses.claims import LineDetails
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine, ExpensePolicy
from sendresolve.expenses.policies import DEFAULTS_FROM, expense_policy_set, paying_body_of
from sendresolve.meetings.models import Meeting
from tests.expenses.helpers import family_claim, meeting_long_ago, mileage, parking, receipt
from tests.factories import person

pytestmark = pytest.mark.django_db


def _start(ready, user=None):
    family = ready.case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    return claims.expense_claim_start(acting_user=user or ready.parent, case=ready.case,
                                      meeting=ready.case.meetings.get(), claimant=family)


def test_the_family_claims_mileage_at_the_rate_and_parking_with_a_receipt_stored_privately(held, receipts_folder):
    claim = family_claim(held)
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.paying_body == held.la and claim.policy.effective_from == DEFAULTS_FROM
    mileage_line, parking_line = claim.lines.order_by("category")
    assert mileage_line.amount == Decimal("5.63")  # 12.5 miles x 45p = 562.5p, half up
    assert parking_line.amount == Decimal("4.50") and parking_line.receipt_type == "image/png"
    assert claim.total_claimed == Decimal("10.13")
    stored = receipts_folder / parking_line.receipt.name
    assert stored.read_bytes().startswith(b"\x89PNG") and parking_line.receipt.name.startswith("receipts/")
    assert "parking" not in parking_line.receipt.name  # never the family's file name on disk
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert CaseEvent.objects.filter(case=held.case, type="expense_claim_submitted",
                                    parameters__number=claim.reference).exists()
    assert AuditEvent.objects.filter(target_type="expenses.ExpenseClaim", target_id=str(claim.pk)).count() == 4


def test_a_case_officer_claims_for_a_family_on_the_phone(held):
    claim = _start(held, user=held.officer)
    claims.expense_line_add(acting_user=held.officer, claim=claim, details=mileage("10"))
    assert claim.lines.get().amount == Decimal("4.50")


def test_someone_else_cannot_claim_for_the_family(held):
    other = person(Role.FAMILY_MEMBER)
    with pytest.raises(PermissionDenied, match="Only the person claiming"):
        _start(held, user=other)
    with pytest.raises(PermissionDenied, match="Only the person claiming"):
        _start(held, user=held.la_officer)
    assert not ExpenseClaim.objects.exists()
    assert _start(held).status == ExpenseClaim.Status.DRAFT  # positive control


def test_no_claim_before_the_meeting_has_taken_place(held):
    ready = held
    Meeting.objects.filter(case=ready.case).update(status=Meeting.Status.BOOKED, held_on=None,
                                                   start=timezone.now() + timezone.timedelta(days=3),
                                                   end=timezone.now() + timezone.timedelta(days=3, hours=3))
    with pytest.raises(ValidationError, match="once the meeting has taken place"):
        _start(ready)
    Meeting.objects.filter(case=ready.case).update(start=timezone.now() - timezone.timedelta(hours=4))
    assert _start(ready).meeting_day == timezone.localdate(timezone.now() - timezone.timedelta(hours=4))


def test_the_claim_window_closes_90_days_after_the_meeting(held):
    meeting_long_ago(held, 91)
    with pytest.raises(ValidationError, match="The last day to claim for this meeting was"):
        _start(held)
    meeting_long_ago(held, 90)
    assert _start(held).meeting_day == timezone.localdate() - timezone.timedelta(days=90)


def test_only_the_family_side_can_claim(held):
    la_side = Participant.objects.create(case=held.case, role=Participant.Role.LA_DECISION_MAKER, name="Ann Lee",
                                         user=held.decision_maker, organisation=held.la)
    with pytest.raises(ValidationError, match="does not pay expenses for a la decision-maker"):
        claims.expense_claim_start(acting_user=held.officer, case=held.case, meeting=held.case.meetings.get(),
                                   claimant=la_side)
    supporter = Participant.objects.create(case=held.case, role=Participant.Role.SUPPORTER, name="Ruth")
    assert claims.expense_claim_start(acting_user=held.officer, case=held.case, meeting=held.case.meetings.get(),
                                      claimant=supporter).claimant == supporter


def test_one_open_claim_per_person_per_meeting(held):
    first = _start(held)
    with pytest.raises(ValidationError, match="already a claim for this meeting"):
        _start(held)
    claims.expense_claim_withdraw(acting_user=held.parent, claim=first)
    assert _start(held).pk != first.pk  # a withdrawn claim leaves room for a new one


def test_each_cost_is_checked_before_anything_is_stored(held, receipts_folder):
    claim = _start(held)
    cases = [
        (LineDetails("taxi", timezone.localdate(), "Taxi home", amount=Decimal("12")), "Say why you needed a taxi"),
        (LineDetails("mileage", timezone.localdate(), "Drove", miles=Decimal("3")), "not an address"),
        (LineDetails("mileage", timezone.localdate(), "Drove", from_place="A", to_place="B"), "Enter the miles"),
        (LineDetails("parking", timezone.localdate(), "Parking"), "Enter what it cost"),
        (LineDetails("parking", timezone.localdate() + timezone.timedelta(days=1), "Parking", amount=Decimal(3)),
         "cannot be in the future"),
        (LineDetails("meals", timezone.localdate(), "Lunch", amount=Decimal("8")), "does not pay for meals"),
        (LineDetails("parking", timezone.localdate(), " ", amount=Decimal("3")), "Say what the cost was for"),
    ]
    for details, reason in cases:
        with pytest.raises(ValidationError, match=reason):
            claims.expense_line_add(acting_user=held.parent, claim=claim, details=details, receipt=receipt())
    with pytest.raises(ValidationError, match="Upload a photo or scan of the receipt"):
        claims.expense_line_add(acting_user=held.parent, claim=claim, details=parking())
    not_an_image = SimpleUploadedFile("receipt.png", b"<html>not a receipt</html>", "image/png")
    with pytest.raises(ValidationError, match="The receipt must be a PDF, JPG or PNG"):
        claims.expense_line_add(acting_user=held.parent, claim=claim, details=parking(), receipt=not_an_image)
    assert not ExpenseLine.objects.exists() and not list(receipts_folder.rglob("receipts/*"))
    taxi = LineDetails("taxi", timezone.localdate(), "Taxi home", amount=Decimal("12"), why_needed="No bus after 6")
    claims.expense_line_add(acting_user=held.parent, claim=claim, details=taxi, receipt=receipt("taxi.pdf"))
    assert ExpenseLine.objects.get().why_needed == "No bus after 6"


def test_a_sent_claim_cannot_be_changed_and_needs_the_declaration(held):
    claim = family_claim(held, send=False)
    with pytest.raises(ValidationError, match="Confirm the declaration"):
        claims.expense_claim_submit(acting_user=held.parent, claim=claim, typed_name="Sarah Collins", confirmed=False)
    with pytest.raises(ValidationError, match="Type your full name"):
        claims.expense_claim_submit(acting_user=held.parent, claim=claim, typed_name=" ", confirmed=True)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.DRAFT
    claims.expense_claim_submit(acting_user=held.parent, claim=claim, typed_name="Sarah Collins", confirmed=True)
    with pytest.raises(ValidationError, match="This claim has been sent"):
        claims.expense_line_add(acting_user=held.parent, claim=claim, details=mileage())
    with pytest.raises(ValidationError, match="This claim has been sent"):
        claims.expense_line_remove(acting_user=held.parent, claim=claim, line_id=claim.lines.first().pk)
    assert claim.lines.count() == 2


def test_removing_a_cost_removes_its_receipt_after_the_change_commits(held, receipts_folder,
                                                                       django_capture_on_commit_callbacks):
    claim = family_claim(held, send=False)
    parking_line = claim.lines.get(category="parking")
    stored = receipts_folder / parking_line.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        claims.expense_line_remove(acting_user=held.parent, claim=claim, line_id=parking_line.pk)
    claim.refresh_from_db()
    assert not stored.exists() and claim.total_claimed == Decimal("5.63")


def test_an_empty_claim_cannot_be_sent(held):
    claim = _start(held)
    with pytest.raises(ValidationError, match="Add at least one cost"):
        claims.expense_claim_submit(acting_user=held.parent, claim=claim, typed_name="Sarah Collins", confirmed=True)


def test_disagreement_resolution_offers_no_claim_unless_the_policy_covers_it(held):
    held.case.kind = "dr"
    held.case.save(update_fields=["kind"])
    with pytest.raises(ValidationError, match="does not pay expenses for disagreement resolution"):
        _start(held)
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=date(2020, 1, 1),
                       covers_dr=True)
    assert _start(held).policy.covers_dr


def test_health_only_mediation_is_paid_by_the_icb(db, receipts_folder):
    from sendresolve.accounts.roles import OrganisationKind
    from tests.expenses.conftest import held_case
    from tests.factories import organisation

    icb = organisation(OrganisationKind.ICB)
    health_only = held_case(sections=("G",), other_parties=[icb])
    assert paying_body_of(health_only.case) == icb
    claim = family_claim(health_only)
    assert claim.paying_body == icb
    mixed = held_case(sections=("F", "G"), other_parties=[icb])
    assert paying_body_of(mixed.case) == mixed.la


def test_a_later_policy_version_applies_to_later_meetings_only(held):
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=timezone.localdate(),
                       mileage_rate=Decimal("0.30"))
    expense_policy_set(acting_user=held.officer, paying_body=held.la,
                       effective_from=timezone.localdate() + timezone.timedelta(days=1), mileage_rate=Decimal("0.60"))
    claim = family_claim(held, lines=[mileage("10")])
    assert claim.lines.get().amount == Decimal("3.00")
    assert ExpensePolicy.objects.filter(paying_body=held.la).count() == 2  # no defaults written: a version applies
