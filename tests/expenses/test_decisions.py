"""The paying body decides each line (a reason unless approved in full, within the caps), the family may ask once
for a review by a different officer, and whoever pays records it; a later policy never changes a decided claim."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import CaseEvent
from sendresolve.expenses.decisions import (
    expense_claim_decide,
    expense_claim_request_review,
    expense_claim_review,
    expense_payment_record,
)
from sendresolve.expenses.models import ExpenseClaim, PaymentRoute
from sendresolve.expenses.policies import expense_policy_set
from sendresolve.expenses.totals import LineDecision
from sendresolve.notifications.models import OutboundEmail
from tests.expenses.helpers import family_claim, mileage, parking
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db


def _lines(claim):
    return {line.category: line for line in claim.lines.all()}


def approve_mileage_refuse_parking(claim) -> dict[int, LineDecision]:
    lines = _lines(claim)
    return {lines["mileage"].pk: LineDecision(lines["mileage"].pk, "approved"),
            lines["parking"].pk: LineDecision(lines["parking"].pk, "refused", reason="Free parking at the venue")}


def test_the_la_approves_one_line_and_refuses_the_other_and_the_family_is_told(held):
    claim = family_claim(held)
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions=approve_mileage_refuse_parking(claim))
    lines = _lines(claim)
    assert claim.status == ExpenseClaim.Status.DECIDED and claim.total_approved == Decimal("5.63")
    assert (lines["mileage"].decision, lines["mileage"].approved_amount) == ("approved", Decimal("5.63"))
    assert (lines["parking"].decision, lines["parking"].approved_amount) == ("refused", Decimal("0.00"))
    assert lines["parking"].decision_reason == "Free parking at the venue"
    assert lines["mileage"].decided_on == timezone.localdate()
    message = OutboundEmail.objects.get(subject__startswith="Your expenses claim has been decided")
    assert message.to == held.case.participants.get(role="rights_holder").email
    assert "£5.63 of the £10.13" in message.body_text and "Reason: Free parking at the venue" in message.body_text
    assert "Sam" not in message.subject
    assert CaseEvent.objects.filter(case=held.case, type="expense_claim_decided").exists()


def test_only_the_paying_body_decides(held):
    claim = family_claim(held)
    other_la_officer = person(Role.LA_OFFICER, organisation(OrganisationKind.LOCAL_AUTHORITY))
    for outsider in (other_la_officer, held.officer, held.parent):
        with pytest.raises(PermissionDenied, match="officers decide this claim"):
            expense_claim_decide(acting_user=outsider, claim=claim, decisions=approve_mileage_refuse_parking(claim))
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED and claim.total_approved is None
    expense_claim_decide(acting_user=held.decision_maker, claim=claim, decisions=approve_mileage_refuse_parking(claim))


def test_a_decision_needs_every_line_and_a_reason_for_less_than_in_full(held):
    claim = family_claim(held)
    lines = _lines(claim)
    mileage_id, parking_id = lines["mileage"].pk, lines["parking"].pk
    approve = LineDecision(mileage_id, "approved")
    refusals = [
        ({mileage_id: approve}, "Cost 2 .Parking and tolls.: choose approve"),
        ({mileage_id: approve, parking_id: LineDecision(parking_id, "refused")}, "give the reason for refusing"),
        ({mileage_id: approve, parking_id: LineDecision(parking_id, "part_approved", Decimal("2"))},
         "give the reason for approving only part"),
        ({mileage_id: approve, parking_id: LineDecision(parking_id, "part_approved", Decimal("4.50"), "x")},
         "more than £0.00 and less than the £4.50 claimed"),
        ({mileage_id: approve, parking_id: LineDecision(parking_id, "part_approved", Decimal("0"), "x")},
         "more than £0.00"),
    ]
    for decisions, reason in refusals:
        with pytest.raises(ValidationError, match=reason):
            expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions=decisions)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED and not claim.lines.exclude(decision="").exists()
    part = LineDecision(parking_id, "part_approved", Decimal("3.00"), "Two hours were enough")
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions={mileage_id: approve,
                                                                                      parking_id: part})
    assert claim.total_approved == Decimal("8.63")


def test_caps_bound_what_can_be_approved(held):
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=date(2020, 1, 1),
                       caps={"parking": Decimal("4.00")}, claim_cap=Decimal("9.00"))
    claim = family_claim(held)
    lines = _lines(claim)
    in_full = {line.pk: LineDecision(line.pk, "approved") for line in lines.values()}
    with pytest.raises(ValidationError, match="Parking and tolls: £4.50 approved is more than the cap of £4.00"):
        expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions=in_full)
    within_parking = {**in_full, lines["parking"].pk: LineDecision(lines["parking"].pk, "part_approved",
                                                                   Decimal("4.00"), "The cap for parking")}
    with pytest.raises(ValidationError, match="£9.63 approved is more than the cap of £9.00 for one claim"):
        expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions=within_parking)
    within_both = {**in_full, lines["parking"].pk: LineDecision(lines["parking"].pk, "part_approved",
                                                                Decimal("3.37"), "The caps")}
    assert expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                decisions=within_both).total_approved == Decimal("9.00")


def test_a_decided_claim_is_unchanged_when_the_policy_changes_afterwards(held):
    claim = family_claim(held)
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions=approve_mileage_refuse_parking(claim))
    before = [(line.amount, line.approved_amount) for line in claim.lines.order_by("id")]
    with pytest.raises(ValidationError, match="Claims were made under the version from this date"):
        expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=claim.policy.effective_from,
                           mileage_rate=Decimal("0.20"))
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=timezone.localdate(),
                       mileage_rate=Decimal("0.20"), caps={"mileage": Decimal("1.00")})
    claim.refresh_from_db()
    assert [(line.amount, line.approved_amount) for line in claim.lines.order_by("id")] == before
    assert claim.total_approved == Decimal("5.63") and claim.policy.mileage_rate == Decimal("0.45")


def test_the_family_asks_once_for_a_review_by_a_different_officer(held):
    claim = family_claim(held)
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions=approve_mileage_refuse_parking(claim))
    with pytest.raises(ValidationError, match="Say why"):
        expense_claim_request_review(acting_user=held.parent, claim=claim, reason=" ")
    with pytest.raises(PermissionDenied, match="Only the person claiming"):
        expense_claim_request_review(acting_user=held.la_officer, claim=claim, reason="Please")
    claim = expense_claim_request_review(acting_user=held.parent, claim=claim,
                                         reason="The venue car park charged; the receipt shows it")
    with pytest.raises(ValidationError, match="can be asked for once"):
        expense_claim_request_review(acting_user=held.parent, claim=claim, reason="Again")
    parking_id = _lines(claim)["parking"].pk
    approve = {parking_id: LineDecision(parking_id, "approved")}
    with pytest.raises(PermissionDenied, match="A different officer"):
        expense_claim_review(acting_user=held.la_officer, claim=claim, decisions=approve)
    claim = expense_claim_review(acting_user=held.decision_maker, claim=claim, decisions=approve)
    assert claim.status == ExpenseClaim.Status.REVIEWED and claim.total_approved == Decimal("10.13")
    assert _lines(claim)["mileage"].decided_on == timezone.localdate()  # kept as first decided
    assert OutboundEmail.objects.filter(subject__startswith="Your expenses claim has been reviewed").exists()


def test_no_review_when_everything_was_approved(held):
    claim = family_claim(held, lines=[mileage()])
    line = claim.lines.get()
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions={line.pk: LineDecision(line.pk, "approved")})
    with pytest.raises(ValidationError, match="nothing to review"):
        expense_claim_request_review(acting_user=held.parent, claim=claim, reason="More please")


def test_whoever_pays_records_the_payment(held):
    claim = family_claim(held)
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions=approve_mileage_refuse_parking(claim))
    today = timezone.localdate()
    with pytest.raises(PermissionDenied, match="Only whoever pays"):
        expense_payment_record(acting_user=held.officer, claim=claim, paid_on=today)  # the LA pays, by default
    with pytest.raises(ValidationError, match="cannot be in the future"):
        expense_payment_record(acting_user=held.la_officer, claim=claim, paid_on=today + timedelta(days=1))
    with pytest.raises(ValidationError, match="before the claim was decided"):
        expense_payment_record(acting_user=held.la_officer, claim=claim, paid_on=today - timedelta(days=1))
    claim = expense_payment_record(acting_user=held.la_officer, claim=claim, paid_on=today, reference="BACS 881")
    assert (claim.status, claim.paid_on, claim.payment_reference) == (ExpenseClaim.Status.PAID, today, "BACS 881")
    with pytest.raises(ValidationError, match="Only a decided claim"):
        expense_payment_record(acting_user=held.la_officer, claim=claim, paid_on=today)


def test_the_mediation_service_pays_when_it_recharges_the_body(held):
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=date(2020, 1, 1),
                       payment_route=PaymentRoute.PROVIDER_PAYS)
    claim = family_claim(held, lines=[parking()])
    line = claim.lines.get()
    claim = expense_claim_decide(acting_user=held.la_officer, claim=claim,
                                 decisions={line.pk: LineDecision(line.pk, "refused", reason="No receipt date")})
    with pytest.raises(ValidationError, match="nothing to pay"):
        expense_payment_record(acting_user=held.officer, claim=claim, paid_on=timezone.localdate())
    with pytest.raises(PermissionDenied, match="Only whoever pays"):
        expense_payment_record(acting_user=held.la_officer, claim=claim, paid_on=timezone.localdate())
