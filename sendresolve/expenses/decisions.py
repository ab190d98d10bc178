"""The paying body's side: deciding a claim line by line, the family's one review by a different officer, and
recording the payment. Each service checks who is acting, writes with its timeline entry and audit record in one
transaction, and tells the claimant by e-mail; a refusal changes nothing."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.services import audit_record
from sendresolve.core.money import pounds
from sendresolve.expenses import events
from sendresolve.expenses.access import acts_for_paying_body, is_case_worker, is_claimant, may_record_payment
from sendresolve.expenses.events import ExpenseEvent
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.expenses.policies import caps_of
from sendresolve.expenses.totals import APPROVED, LineDecision, LineToDecide, claimed_total, decide_lines
from sendresolve.notifications.services import email_from_template

DECIDABLE = (ExpenseClaim.Status.SUBMITTED,)
FINAL = (ExpenseClaim.Status.DECIDED, ExpenseClaim.Status.REVIEWED)


def _locked(claim: ExpenseClaim) -> ExpenseClaim:
    return (ExpenseClaim.objects.select_for_update(of=("self",))
            .select_related("policy", "claimant", "case", "paying_body").get(pk=claim.pk))


def _to_decide(lines: list[ExpenseLine]) -> list[LineToDecide]:
    return [LineToDecide(line.pk, line.category, line.get_category_display(), line.amount) for line in lines]


def _apply(lines: list[ExpenseLine], decisions: dict[int, LineDecision], claim: ExpenseClaim) -> None:
    decided = decide_lines(_to_decide(lines), decisions, caps=caps_of(claim.policy), claim_cap=claim.policy.claim_cap)
    today = timezone.localdate()
    for line, result in zip(lines, decided, strict=True):
        line.decision, line.approved_amount = result.decision, result.approved_amount
        line.decision_reason, line.decided_on = result.reason, today
        line.save(update_fields=["decision", "approved_amount", "decision_reason", "decided_on"])


def _tell_claimant(claim: ExpenseClaim, *, reviewed: bool) -> None:
    email_from_template(
        claim.claimant.email,
        f"Your expenses claim {'has been reviewed' if reviewed else 'has been decided'} ({claim.case.reference})",
        "expense_claim_decided", {"claim": claim, "reviewed": reviewed, "approved": pounds(claim.total_approved),
                                  "claimed": pounds(claim.total_claimed)})


def expense_claim_decide(*, acting_user: User, claim: ExpenseClaim,
                         decisions: dict[int, LineDecision]) -> ExpenseClaim:
    """The paying body approves, partly approves (with a reason) or refuses (with a reason) each line."""
    with transaction.atomic():
        claim = _locked(claim)
        if not acts_for_paying_body(acting_user, claim.paying_body_id):
            raise PermissionDenied(f"Only {claim.paying_body}'s officers decide this claim.")
        if claim.status not in DECIDABLE:
            raise ValidationError("This claim is not waiting for a decision.")
        lines = list(claim.lines.order_by("incurred_on", "id"))
        _apply(lines, decisions, claim)
        claim.total_approved = claimed_total(line.approved_amount for line in lines)
        claim.status, claim.decided_by, claim.decided_at = ExpenseClaim.Status.DECIDED, acting_user, timezone.now()
        claim.save(update_fields=["total_approved", "status", "decided_by", "decided_at"])
        events.claim_decided_event(claim=claim, actor=acting_user, type_=ExpenseEvent.CLAIM_DECIDED,
                                   approved=claim.total_approved)
        audit_record(actor=acting_user, action="update", target=claim,
                     summary=f"Decided: {pounds(claim.total_approved)} of {pounds(claim.total_claimed)}")
        _tell_claimant(claim, reviewed=False)
    return claim


def expense_claim_request_review(*, acting_user: User, claim: ExpenseClaim, reason: str) -> ExpenseClaim:
    """The claimant asks, once, for the lines not approved in full to be looked at again by another officer."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the decision should be looked at again.")
    with transaction.atomic():
        claim = _locked(claim)
        if not (is_claimant(acting_user, claim) or is_case_worker(acting_user)):
            raise PermissionDenied("Only the person claiming, or a case officer for them, can ask for a review.")
        if claim.review_requested_at is not None:
            raise ValidationError("A review of this claim has already been asked for: it can be asked for once.")
        if claim.status != ExpenseClaim.Status.DECIDED:
            raise ValidationError("Only a decided claim, not yet paid, can be reviewed.")
        if not claim.lines.exclude(decision=APPROVED).exists():
            raise ValidationError("Every cost was approved in full: there is nothing to review.")
        claim.status, claim.review_reason = ExpenseClaim.Status.REVIEW_REQUESTED, reason[:2000]
        claim.review_requested_at = timezone.now()
        claim.save(update_fields=["status", "review_reason", "review_requested_at"])
        events.review_requested_event(claim=claim, actor=acting_user)
        audit_record(actor=acting_user, action="update", target=claim, summary="Review asked for")
    return claim


def expense_claim_review(*, acting_user: User, claim: ExpenseClaim,
                         decisions: dict[int, LineDecision]) -> ExpenseClaim:
    """A different officer of the paying body decides again the lines not approved in full; the others stand."""
    with transaction.atomic():
        claim = _locked(claim)
        if not acts_for_paying_body(acting_user, claim.paying_body_id):
            raise PermissionDenied(f"Only {claim.paying_body}'s officers review this claim.")
        if claim.status != ExpenseClaim.Status.REVIEW_REQUESTED:
            raise ValidationError("No review of this claim is waiting.")
        if claim.decided_by_id == acting_user.pk:
            raise PermissionDenied("A different officer from the one who decided the claim must review it.")
        lines = list(claim.lines.exclude(decision=APPROVED).order_by("incurred_on", "id"))
        invoiced = [line for line in lines if line.invoice_number]
        if invoiced:
            raise ValidationError(f"A cost under review is already on invoice {invoiced[0].invoice_number}: "
                                  "correct it on the invoice with a credit note first.")
        # The lines approved in full count towards the caps as they stand.
        kept = list(claim.lines.filter(decision=APPROVED).order_by("incurred_on", "id"))
        kept_decisions = {line.pk: LineDecision(line.pk, APPROVED) for line in kept}
        decide_lines(_to_decide(kept + lines), {**decisions, **kept_decisions}, caps=caps_of(claim.policy),
                     claim_cap=claim.policy.claim_cap)
        _apply(lines, decisions, claim)
        claim.total_approved = claimed_total(claim.lines.values_list("approved_amount", flat=True))
        claim.status, claim.reviewed_by, claim.reviewed_at = ExpenseClaim.Status.REVIEWED, acting_user, timezone.now()
        claim.save(update_fields=["total_approved", "status", "reviewed_by", "reviewed_at"])
        events.claim_decided_event(claim=claim, actor=acting_user, type_=ExpenseEvent.CLAIM_REVIEWED,
                                   approved=claim.total_approved)
        audit_record(actor=acting_user, action="update", target=claim,
                     summary=f"Reviewed: {pounds(claim.total_approved)} of {pounds(claim.total_claimed)}")
        _tell_claimant(claim, reviewed=True)
    return claim


def expense_payment_record(*, acting_user: User, claim: ExpenseClaim, paid_on: date,
                           reference: str = "") -> ExpenseClaim:
    """Whoever pays the family (the paying body, or the mediation service that recharges it) records the payment."""
    if paid_on > timezone.localdate():
        raise ValidationError("The date paid cannot be in the future.")
    with transaction.atomic():
        claim = _locked(claim)
        if not may_record_payment(acting_user, claim):
            raise PermissionDenied("Only whoever pays this claim records its payment.")
        if claim.status not in FINAL:
            raise ValidationError("Only a decided claim, with no review waiting, can be paid.")
        if not claim.total_approved:
            raise ValidationError("Nothing was approved on this claim: there is nothing to pay.")
        if paid_on < timezone.localdate(claim.decided_at):
            raise ValidationError("The date paid cannot be before the claim was decided.")
        claim.status, claim.paid_on = ExpenseClaim.Status.PAID, paid_on
        claim.payment_reference, claim.paid_recorded_by = reference.strip()[:100], acting_user
        claim.save(update_fields=["status", "paid_on", "payment_reference", "paid_recorded_by"])
        events.claim_paid_event(claim=claim, actor=acting_user, paid_on=paid_on)
        audit_record(actor=acting_user, action="update", target=claim, summary=f"Paid on {paid_on:%Y-%m-%d}")
    return claim
