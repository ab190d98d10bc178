"""Drafting invoices: each month the worker's sweep (or a case officer, on demand) puts every billable event of a
contract's cases not yet on an invoice, and the families' approved expenses the body is to be recharged, on the
contract's one draft. Idempotent: an event is billed once per price code (`BilledEvent`), so drafting again adds
only what happened since; and it refreshes the draft's expenses, dropping a line whose claim is now being reviewed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.billing.access import ISSUING_ROLES, provider_ids
from sendresolve.billing.billable import BillableEvent, billable_events, price_for
from sendresolve.billing.choices import EXPENSES_CODE, InvoiceKind, InvoiceStatus
from sendresolve.billing.lines import InvoiceRefused, invoice_set_totals, set_line_money
from sendresolve.billing.models import BilledEvent, Contract, Invoice, InvoiceLine, InvoiceRun
from sendresolve.clock.billing_periods import month_before, month_of
from sendresolve.core.money import pounds
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.expenses.invoicing import ApprovedExpense, approved_expenses_to_invoice

log = logging.getLogger(__name__)


def _expense_key(expense_line_id: int) -> str:
    return f"{EXPENSES_CODE}|expense:{expense_line_id}"


def _event_line(invoice: Invoice, position: int, event: BillableEvent, price) -> InvoiceLine:
    description = price.words + (f": {event.note}" if event.note else "")
    return set_line_money(InvoiceLine(
        invoice=invoice, position=position, case_id=event.case_id, case_reference=event.case_reference,
        on=event.on, code=event.code, description=description[:300], unit_price=price.price,
        vat_percent=invoice.contract.vat_rate, price_item=price, event=event.event))


def _expense_line(invoice: Invoice, position: int, expense: ApprovedExpense) -> InvoiceLine:
    # A disbursement: the family's costs recharged at cost, outside the scope of VAT (HMRC VAT Notice 700,
    # "Disbursements for VAT purposes").
    return set_line_money(InvoiceLine(
        invoice=invoice, position=position, case_id=expense.case_id, case_reference=expense.case_reference,
        on=expense.decided_on, code=EXPENSES_CODE, description=expense.description[:300], unit_price=expense.amount,
        event=f"expense:{expense.line_id}", expense_line_ids=[expense.line_id]))


def _refresh_expenses(draft: Invoice, current: dict[int, ApprovedExpense]) -> int:
    """Takes off the draft any expense line no longer approved as it stood (a review asked for, an amount
    changed): it comes back, as decided, when it is next drafted. Returns how many went."""
    stale = [line for line in draft.lines.filter(code=EXPENSES_CODE)
             if not line.expense_line_ids or line.expense_line_ids[0] not in current
             or current[line.expense_line_ids[0]].amount != line.unit_price]
    if stale:
        BilledEvent.objects.filter(line__in=stale).delete()
        InvoiceLine.objects.filter(pk__in=[line.pk for line in stale]).delete()
    return len(stale)


def invoice_draft(*, acting_user: User | None, contract: Contract, up_to: date,
                  period_start: date | None = None, request=None) -> Invoice | None:
    """Adds to the contract's draft (making one if needed) every event up to `up_to` not yet on an invoice, priced
    as on the event's date, and the body's approved expenses decided by then. None when there is nothing to bill
    and no draft. `acting_user` None: the monthly run."""
    if acting_user is not None and contract.provider_id not in provider_ids(acting_user, ISSUING_ROLES):
        raise InvoiceRefused("Only the mediation service's case officers and service managers can draft its "
                             "invoices.")
    if up_to > timezone.localdate():
        raise InvoiceRefused("An invoice cannot bill days that have not happened yet.")
    with transaction.atomic():
        contract = Contract.objects.select_for_update().select_related("commissioner").get(pk=contract.pk)
        prices = list(contract.prices.all())
        priced = [(event, price) for event in billable_events(contract, prices, up_to=up_to)
                  if (price := price_for(prices, event)) is not None]
        expenses = {expense.line_id: expense for expense in
                    approved_expenses_to_invoice(paying_body_id=contract.commissioner_id, up_to=up_to)}
        draft = Invoice.objects.select_for_update().filter(contract=contract, status=InvoiceStatus.DRAFT).first()
        dropped = _refresh_expenses(draft, expenses) if draft is not None else 0
        keys = [event.key for event, _ in priced] + [_expense_key(line_id) for line_id in expenses]
        billed = set(BilledEvent.objects.filter(key__in=keys).values_list("key", flat=True))
        new_events = [(event, price) for event, price in priced if event.key not in billed]
        new_expenses = [expense for line_id, expense in expenses.items() if _expense_key(line_id) not in billed]
        if not (new_events or new_expenses or dropped):
            return draft
        first = min([event.on for event, _ in new_events] + [expense.decided_on for expense in new_expenses]
                    + [period_start or month_of(up_to).first])
        if draft is None:
            draft = Invoice.objects.create(
                provider_id=contract.provider_id, contract=contract, commissioner_id=contract.commissioner_id,
                kind=InvoiceKind.INVOICE, period_start=first, period_end=up_to, drafted_by=acting_user)
        else:
            draft.period_start, draft.period_end = min(draft.period_start, first), max(draft.period_end, up_to)
            draft.save(update_fields=["period_start", "period_end"])
        position = draft.lines.order_by("-position").values_list("position", flat=True).first() or 0
        lines = []
        for event, price in new_events:
            position += 1
            lines.append((event.key, _event_line(draft, position, event, price)))
        for expense in new_expenses:
            position += 1
            lines.append((_expense_key(expense.line_id), _expense_line(draft, position, expense)))
        InvoiceLine.objects.bulk_create([line for _, line in lines])
        BilledEvent.objects.bulk_create([BilledEvent(key=key, line=line) for key, line in lines])
        invoice_set_totals(draft)
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=draft, request=request,
                     summary=f"Drafted up to {up_to.isoformat()}: {len(lines)} line(s) added"
                             + (f", {dropped} expense line(s) taken off" if dropped else "")
                             + f"; total now {pounds(draft.total)}")
    return draft


def contracts_for_month(first: date, last: date):
    return Contract.objects.filter(starts_on__lte=last, ends_on__gte=first).select_related("commissioner")


@dataclass(frozen=True)
class DraftedNow:
    drafts: int
    refusals: list[str]


def invoices_draft_now_for(*, acting_user: User, request=None) -> DraftedNow:
    """On demand: drafts every contract of the user's provider that runs this month, up to today."""
    today = timezone.localdate()
    month = month_of(today)
    contracts = contracts_for_month(month.first, month.last).filter(
        provider_id__in=provider_ids(acting_user, ISSUING_ROLES))
    drafts, refusals = 0, []
    for contract in contracts:
        try:
            if invoice_draft(acting_user=acting_user, contract=contract, up_to=today, request=request):
                drafts += 1
        except REFUSALS as error:
            refusals.append(f"{contract}: {refusal_message(error)}")
    return DraftedNow(drafts, refusals)


def invoices_draft_monthly(*, now: datetime | None = None) -> InvoiceRun | None:
    """The sweep's job: once a month, from `INVOICE_DRAFT_DAY` at `INVOICE_DRAFT_HOUR` (England's time), drafts every
    contract's invoice for the month before. A unique row per month: two workers never both run it; None when this
    month's run is taken or not yet due. A contract that fails is logged and left for an on-demand draft."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if (local.day, local.hour) < (settings.INVOICE_DRAFT_DAY, settings.INVOICE_DRAFT_HOUR):
        return None
    month = month_before(local.date())
    if InvoiceRun.objects.filter(month=month.key).exists():
        return None
    try:
        with transaction.atomic():
            run = InvoiceRun.objects.create(month=month.key, started_at=now)
    except IntegrityError:
        return None  # another worker claimed the month between the check and the insert
    drafted = 0
    for contract in contracts_for_month(month.first, month.last):
        try:
            if invoice_draft(acting_user=None, contract=contract, up_to=month.last, period_start=month.first):
                drafted += 1
        except Exception:
            log.exception("drafting the invoice of contract %s failed", contract.pk)
    with transaction.atomic():
        run.drafted, run.finished_at = drafted, timezone.now()
        run.save(update_fields=["drafted", "finished_at"])
        audit_record(actor=None, action=AuditEvent.Action.CREATE, target=run,
                     summary=f"Monthly invoices drafted for {month.key}: {drafted} contract(s) with a draft")
    return run
