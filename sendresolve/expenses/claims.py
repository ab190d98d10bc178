"""Making a claim: the family (or a case officer for a family on the phone) starts one for a meeting, adds a line per
cost with its receipt, and sends it with a declaration. Each service checks who is acting and what the paying body's
policy allows, then writes with its timeline entry and audit record in one transaction; a refusal changes nothing.

The duty to pay: Children and Families Act 2014 s.56(1)(g) and the regulation made under it in the SEND Regulations
2014 (believed reg 40, not confirmed: `models.REGULATION_CITED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.services import audit_record
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.models import Case, Participant
from sendresolve.clock.expense_periods import claim_window_ends
from sendresolve.core.money import line_amount, pence
from sendresolve.documents.uploads import letter_content_type
from sendresolve.expenses import events
from sendresolve.expenses.access import is_case_worker, is_claimant
from sendresolve.expenses.models import Category, ExpenseClaim, ExpenseLine
from sendresolve.expenses.policies import paying_body_of, policy_for
from sendresolve.expenses.totals import claimed_total
from sendresolve.meetings.models import Meeting, MeetingChange

DECLARATION = ("I confirm that these costs are what I paid to attend the meeting, that I have not claimed them from "
               "anyone else, and that the receipts are genuine. I understand a false claim may be refused and "
               "reported.")
# A cancelled meeting's costs are claimable when the body on the other side called it off (money-and-reports A2).
BODY_CANCELLED = frozenset({MeetingChange.Party.LA, MeetingChange.Party.ICB, MeetingChange.Party.SOCIAL_CARE})
NO_RECEIPT_NEEDED = frozenset({Category.MILEAGE})


def meeting_claimable(meeting: Meeting, *, covers_cancelled: bool) -> bool:
    """Held, or its time has passed (not yet recorded as held), or cancelled by the body when the policy says so."""
    if meeting.status == Meeting.Status.HELD:
        return True
    if meeting.status == Meeting.Status.BOOKED:
        return meeting.start <= timezone.now()
    last_change = meeting.changes.order_by("-changed_at", "-id").first()
    return covers_cancelled and last_change is not None and last_change.party in BODY_CANCELLED


def meeting_day(meeting: Meeting) -> date:
    return meeting.held_on or timezone.localdate(meeting.start)


def _may_claim_for(user: User, claimant: Participant) -> bool:
    return claimant.user_id == user.pk or is_case_worker(user)


def expense_claim_start(*, acting_user: User, case: Case, meeting: Meeting, claimant: Participant) -> ExpenseClaim:
    """A draft claim for one person's costs of one meeting, under the paying body's policy on the meeting's day."""
    if meeting.case_id != case.pk or claimant.case_id != case.pk:
        raise ValidationError("That meeting or person is not on this case.")
    if not _may_claim_for(acting_user, claimant):
        raise PermissionDenied("Only the person claiming, or a case officer for them, can start a claim.")
    paying_body = paying_body_of(case)
    day = meeting_day(meeting)
    policy = policy_for(paying_body, day, write_defaults=True)
    if case.kind == CaseKind.DR and not policy.covers_dr:
        raise ValidationError(f"{paying_body} does not pay expenses for disagreement resolution meetings.")
    if claimant.role not in policy.eligible_roles:
        raise ValidationError(f"{paying_body} does not pay expenses for a "
                              f"{claimant.get_role_display().lower()}.")
    if not meeting_claimable(meeting, covers_cancelled=policy.cancellation_covers_costs):
        raise ValidationError("Costs can be claimed once the meeting has taken place (or if the local authority or "
                              "health body cancelled it).")
    last_day = claim_window_ends(day, policy.claim_window_days)
    if timezone.localdate() > last_day:
        raise ValidationError(f"The last day to claim for this meeting was {last_day:%-d %B %Y}.")
    with transaction.atomic():
        open_claims = ExpenseClaim.objects.select_for_update().filter(claimant=claimant, meeting=meeting).exclude(
            status=ExpenseClaim.Status.WITHDRAWN)
        if open_claims.exists():
            raise ValidationError("There is already a claim for this meeting: add your costs to it.")
        claim = ExpenseClaim.objects.create(case=case, meeting=meeting, meeting_day=day, claimant=claimant,
                                            paying_body=paying_body, policy=policy,
                                            payment_route=policy.payment_route, created_by=acting_user)
        events.claim_started_event(claim=claim, actor=acting_user)
        audit_record(actor=acting_user, action="create", target=claim, summary=f"Started for meeting {day}")
    return claim


@dataclass(frozen=True)
class LineDetails:
    """One cost as the claimant describes it. Mileage gives miles and places; everything else an amount."""

    category: str
    incurred_on: date
    description: str
    amount: Decimal | None = None
    miles: Decimal | None = None
    from_place: str = ""
    to_place: str = ""
    why_needed: str = ""


def _locked_claim(claim: ExpenseClaim) -> ExpenseClaim:
    return ExpenseClaim.objects.select_for_update().select_related("policy", "claimant").get(pk=claim.pk)


def _editable(acting_user: User, claim: ExpenseClaim) -> None:
    if not _may_claim_for(acting_user, claim.claimant):
        raise PermissionDenied("Only the person claiming, or a case officer for them, can change a claim.")
    if claim.status != ExpenseClaim.Status.DRAFT:
        raise ValidationError("This claim has been sent: it cannot be changed.")


def _line_amount(claim: ExpenseClaim, details: LineDetails) -> Decimal:
    if details.category == Category.MILEAGE:
        if details.miles is None or details.miles <= 0:
            raise ValidationError("Enter the miles you drove, for example 12.5.")
        if not (details.from_place.strip() and details.to_place.strip()):
            raise ValidationError("Say where you drove from and to: a town or area, not an address.")
        return line_amount(details.miles, claim.policy.mileage_rate)
    if details.amount is None or pence(details.amount) <= 0:
        raise ValidationError("Enter what it cost, for example 4.50.")
    return pence(details.amount)


def expense_line_add(*, acting_user: User, claim: ExpenseClaim, details: LineDetails, receipt=None) -> ExpenseLine:
    """Adds one cost to a draft claim. Mileage is miles x the policy's rate; other costs need a receipt (a PDF, JPG
    or PNG, checked by what it contains, as decision letters are)."""
    description = details.description.strip()
    if not description:
        raise ValidationError("Say what the cost was for.")
    if details.category not in Category.values:
        raise ValidationError("Choose what kind of cost this is.")
    if details.incurred_on > timezone.localdate():
        raise ValidationError("The date of the cost cannot be in the future.")
    if details.category == Category.TAXI and not details.why_needed.strip():
        raise ValidationError("Say why you needed a taxi.")
    receipt_type = letter_content_type(receipt, what="receipt") if receipt else ""
    if not receipt and details.category not in NO_RECEIPT_NEEDED:
        raise ValidationError("Upload a photo or scan of the receipt.")
    with transaction.atomic():
        claim = _locked_claim(claim)
        _editable(acting_user, claim)
        if details.category not in claim.policy.categories:
            raise ValidationError(f"{claim.paying_body} does not pay for "
                                  f"{Category(details.category).label.split(' (')[0].lower()}.")
        line = ExpenseLine(claim=claim, category=details.category, incurred_on=details.incurred_on,
                           description=description[:300], amount=_line_amount(claim, details),
                           miles=details.miles if details.category == Category.MILEAGE else None,
                           from_place=details.from_place.strip()[:100], to_place=details.to_place.strip()[:100],
                           why_needed=details.why_needed.strip()[:300])
        if receipt:
            line.receipt_name, line.receipt_type, line.receipt_size = receipt.name[:200], receipt_type, receipt.size
            line.receipt.save("receipt", receipt, save=False)  # every check is above: only the insert follows
        line.save()
        _store_total(claim)
        audit_record(actor=acting_user, action="create", target=claim,
                     summary=f"Line added: {line.get_category_display()}")
    return line


def _store_total(claim: ExpenseClaim) -> None:
    claim.total_claimed = claimed_total(list(claim.lines.values_list("amount", flat=True)))
    claim.save(update_fields=["total_claimed"])


def expense_line_remove(*, acting_user: User, claim: ExpenseClaim, line_id: int) -> None:
    with transaction.atomic():
        claim = _locked_claim(claim)
        _editable(acting_user, claim)
        line = claim.lines.filter(pk=line_id).first()
        if line is None:
            raise ValidationError("That cost is not on this claim.")
        receipt = line.receipt.name
        line.delete()
        _store_total(claim)
        audit_record(actor=acting_user, action="delete", target=claim,
                     summary=f"Line removed: {line.get_category_display()}")
        if receipt:
            storage = line.receipt.storage
            transaction.on_commit(lambda: storage.delete(receipt))


def expense_claim_submit(*, acting_user: User, claim: ExpenseClaim, typed_name: str,
                         confirmed: bool) -> ExpenseClaim:
    """Sends the claim to the paying body, with the declaration the claimant confirmed."""
    typed_name = typed_name.strip()
    if not confirmed:
        raise ValidationError("Confirm the declaration to send your claim.")
    if not typed_name:
        raise ValidationError("Type your full name to sign the declaration.")
    with transaction.atomic():
        claim = _locked_claim(claim)
        _editable(acting_user, claim)
        if not claim.lines.exists():
            raise ValidationError("Add at least one cost before sending the claim.")
        _store_total(claim)
        claim.status, claim.declaration, claim.typed_name = ExpenseClaim.Status.SUBMITTED, DECLARATION, typed_name
        claim.submitted_by, claim.submitted_at = acting_user, timezone.now()
        claim.save(update_fields=["status", "declaration", "typed_name", "submitted_by", "submitted_at"])
        events.claim_submitted_event(claim=claim, actor=acting_user, total=claim.total_claimed)
        audit_record(actor=acting_user, action="update", target=claim, summary="Sent to the paying body")
    return claim


def expense_claim_withdraw(*, acting_user: User, claim: ExpenseClaim) -> ExpenseClaim:
    """The claimant takes back a claim not yet decided."""
    with transaction.atomic():
        claim = _locked_claim(claim)
        if not (is_claimant(acting_user, claim) or is_case_worker(acting_user)):
            raise PermissionDenied("Only the person claiming, or a case officer for them, can withdraw a claim.")
        if claim.status not in (ExpenseClaim.Status.DRAFT, ExpenseClaim.Status.SUBMITTED):
            raise ValidationError("A decided claim cannot be withdrawn.")
        claim.status = ExpenseClaim.Status.WITHDRAWN
        claim.save(update_fields=["status"])
        events.claim_withdrawn_event(claim=claim, actor=acting_user)
        audit_record(actor=acting_user, action="update", target=claim, summary="Withdrawn")
    return claim
