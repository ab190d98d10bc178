"""What billing reads and writes about expenses: the approved lines a paying body is to be invoiced for, and marking
them invoiced. These signatures are the billing app's interface; keep them stable.

Only claims under the `provider_pays_and_recharges` route are invoiced (the mediation service pays the family and
recharges the body); under `la_pays_family` the body pays the family itself and records it, so nothing is invoiced.
A line is invoiceable once decided with an amount above nothing, while no review of its claim is pending, and only
once: `expenses_mark_invoiced` stamps it with the invoice number and refuses a line already invoiced or paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.audit.services import audit_record
from sendresolve.expenses import events
from sendresolve.expenses.models import Category, ExpenseClaim, ExpenseLine, PaymentRoute

# A decided claim's lines can go on an invoice; a claim waiting for a review cannot (its amounts may change).
INVOICEABLE_STATUSES = (ExpenseClaim.Status.DECIDED, ExpenseClaim.Status.REVIEWED, ExpenseClaim.Status.PAID)


@dataclass(frozen=True)
class ApprovedExpense:
    line_id: int
    case_id: int
    case_reference: str
    decided_on: date
    description: str  # the category, date and claim reference: never the family's words, never a child's name
    amount: Decimal


def _invoiceable(paying_body_id: int):
    return ExpenseLine.objects.filter(
        claim__paying_body_id=paying_body_id, claim__payment_route=PaymentRoute.PROVIDER_PAYS,
        claim__status__in=INVOICEABLE_STATUSES, approved_amount__gt=0, invoice_number="",
    )


def line_invoice_text(category: str, incurred_on: date, claim_reference: str) -> str:
    return f"Family's expenses: {Category(category).label.split(' (')[0]}, {incurred_on:%-d %B %Y} ({claim_reference})"


def approved_expenses_to_invoice(*, paying_body_id: int, up_to: date) -> list[ApprovedExpense]:
    """The approved expense lines of this paying body decided on or before `up_to`, not yet invoiced, oldest first."""
    rows = (_invoiceable(paying_body_id).filter(decided_on__lte=up_to)
            .order_by("decided_on", "id")
            .values_list("id", "claim__case_id", "claim__case__reference", "decided_on", "category", "incurred_on",
                         "claim__reference", "approved_amount"))
    return [ApprovedExpense(line_id=line_id, case_id=case_id, case_reference=case_reference, decided_on=decided_on,
                            description=line_invoice_text(category, incurred_on, claim_reference), amount=amount)
            for line_id, case_id, case_reference, decided_on, category, incurred_on, claim_reference, amount in rows]


def expenses_mark_invoiced(*, acting_user, line_ids, invoice_number: str) -> None:
    """Stamps these lines with the invoice they are on. Runs inside the caller's transaction (the invoice's issue):
    refuses, changing nothing, a line that is not an approved recharged line, or is already invoiced."""
    invoice_number = invoice_number.strip()
    if not invoice_number:
        raise ValidationError("An invoice number is needed to mark expenses invoiced.")
    wanted = set(line_ids)
    lines = list(ExpenseLine.objects.select_for_update().select_related("claim", "claim__case")
                 .filter(pk__in=wanted).order_by("id"))
    missing = wanted - {line.pk for line in lines}
    if missing:
        raise ValidationError(f"No such expense line: {', '.join(map(str, sorted(missing)))}.")
    for line in lines:
        if line.invoice_number:
            raise ValidationError(f"Expense line {line.pk} is already on invoice {line.invoice_number}.")
        if line.claim.payment_route != PaymentRoute.PROVIDER_PAYS:
            raise ValidationError(f"Expense line {line.pk} is paid to the family by the paying body itself: "
                                  "it is never invoiced.")
        if line.claim.status not in INVOICEABLE_STATUSES or not line.approved_amount:
            raise ValidationError(f"Expense line {line.pk} is not approved (or its claim is being reviewed).")
    now = timezone.now()
    for line in lines:
        line.invoice_number, line.invoiced_at = invoice_number, now
        line.save(update_fields=["invoice_number", "invoiced_at"])
        audit_record(actor=acting_user, action="update", target=line.claim,
                     summary=f"Expense line {line.pk} on invoice {invoice_number}")
    for claim in {line.claim_id: line.claim for line in lines}.values():
        events.claim_invoiced_event(claim=claim, actor=acting_user, invoice_number=invoice_number)
