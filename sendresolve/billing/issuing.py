"""Issuing an invoice and reversing one with a credit note.

Numbers have no gaps and no repeats per provider and kind: the transaction that issues locks the provider's counter
row (SELECT ... FOR UPDATE), takes the next number and commits it with the invoice; if anything fails, the number
goes back with the rest. What the documents print is frozen on the invoice in the same transaction, the family's
expenses are marked invoiced, each case's timeline says it was billed, and the e-mail to the body's finance contact
is written to the outbox with the PDF, XLSX and CSV attached by reference: the worker renders them once, after the
commit, and every later download serves those same bytes (ADR 11, ADR 23).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.billing import notices, timeline
from sendresolve.billing.access import require_crediter, require_issuer
from sendresolve.billing.choices import NUMBER_PREFIX, InvoiceKind, InvoiceStatus
from sendresolve.billing.lines import InvoiceRefused, invoice_set_totals
from sendresolve.billing.models import BilledEvent, Invoice, InvoiceCounter, InvoiceLine
from sendresolve.clock.billing_periods import financial_year_end, payment_due
from sendresolve.core.money import pounds
from sendresolve.expenses.invoicing import expenses_mark_invoiced


def _locked_counter(provider_id: int, kind: str) -> InvoiceCounter:
    """The provider's counter for this kind, locked until the transaction ends (made on first use)."""
    counter = InvoiceCounter.objects.select_for_update().filter(provider_id=provider_id, kind=kind).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():  # a savepoint: another first issue may make it at the same moment
            InvoiceCounter.objects.create(provider_id=provider_id, kind=kind)
    except IntegrityError:
        pass
    return InvoiceCounter.objects.select_for_update().get(provider_id=provider_id, kind=kind)


def _take_number(invoice: Invoice) -> None:
    counter = _locked_counter(invoice.provider_id, invoice.kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    invoice.sequence = counter.last
    invoice.number = f"{NUMBER_PREFIX[invoice.kind]}-{counter.last:06d}"


def _freeze(invoice: Invoice, acting_user: User) -> None:
    contract, today = invoice.contract, timezone.localdate()
    invoice.status, invoice.issued_on, invoice.issued_at, invoice.issued_by = (
        InvoiceStatus.ISSUED, today, timezone.now(), acting_user)
    invoice.due_on = payment_due(today, contract.payment_terms_days)
    invoice.financial_year_end = financial_year_end(today)
    invoice.provider_name, invoice.commissioner_name = contract.provider.name, contract.commissioner.name
    invoice.contract_reference, invoice.purchase_order = contract.reference, contract.purchase_order
    invoice.cost_centre, invoice.vat_treatment = contract.cost_centre, contract.vat_treatment
    invoice.payment_terms_days, invoice.sent_to = contract.payment_terms_days, contract.finance_email


def _tell_cases(invoice: Invoice, acting_user: User, *, credit_reason: str = "") -> None:
    """One staff-only timeline entry per case on the invoice, naming its lines' codes."""
    by_case: dict[int, list[InvoiceLine]] = {}
    for line in invoice.lines.exclude(case__isnull=True).select_related("case"):
        by_case.setdefault(line.case_id, []).append(line)
    for lines in by_case.values():
        if credit_reason:
            timeline.credited_event(case=lines[0].case, actor=acting_user, number=invoice.number,
                                    reason=credit_reason)
        else:
            words = "; ".join(f"{line.description} {pounds(line.total)}" for line in lines)
            timeline.invoiced_event(case=lines[0].case, actor=acting_user, number=invoice.number, lines=words[:500])


def invoice_issue(*, acting_user: User, invoice: Invoice, request=None) -> Invoice:
    """Issues a draft: numbered, frozen, its expenses marked invoiced, e-mailed to the finance contact; audited.
    Refused, changing nothing and using no number, for an issued invoice, one with no lines or a total below
    nothing, and one whose family's expenses are no longer invoiceable (draft it again)."""
    require_issuer(acting_user, invoice)
    with transaction.atomic():
        invoice = (Invoice.objects.select_for_update().select_related("contract__provider", "contract__commissioner")
                   .get(pk=invoice.pk))
        if not invoice.is_draft:
            raise InvoiceRefused(f"{invoice} has already been issued.")
        lines = list(invoice.lines.all())
        if not lines:
            raise InvoiceRefused("This draft has no lines: there is nothing to invoice.")
        invoice_set_totals(invoice)
        if invoice.total < 0:
            raise InvoiceRefused("The total is below nothing: an invoice cannot be, so reduce the discounts (or "
                                 "reverse an earlier invoice with a credit note).")
        if not invoice.contract.finance_email:
            raise InvoiceRefused("The contract has no finance contact to send the invoice to: an administrator adds "
                                 "one first.")
        _take_number(invoice)
        _freeze(invoice, acting_user)
        invoice.save()
        expense_ids = [line_id for line in lines for line_id in line.expense_line_ids]
        if expense_ids:
            try:
                expenses_mark_invoiced(acting_user=acting_user, line_ids=expense_ids, invoice_number=invoice.number)
            except ValidationError as error:
                raise InvoiceRefused(" ".join(error.messages) + " Draft the invoice again: that takes the line off "
                                     "until it is decided again.") from error
        _tell_cases(invoice, acting_user)
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=invoice, request=request,
                     summary=f"Issued {invoice.number} to {invoice.commissioner_name}: {len(lines)} line(s), "
                             f"{pounds(invoice.total)}; e-mailed to {invoice.sent_to}")
        notices.invoice_issued(invoice)
    return invoice


def invoice_credit(*, acting_user: User, invoice: Invoice, reason: str, request=None) -> Invoice:
    """Reverses an issued invoice in full with a credit note: every line copied with its amounts negated, numbered
    in the provider's credit note series, e-mailed like an invoice. The invoice itself never changes; its events
    may be billed again on the next draft (the family's expenses stay invoiced: add them by hand if needed).
    Refused for a draft, a credit note, or an invoice already reversed."""
    require_crediter(acting_user, invoice)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the invoice is being reversed.")
    with transaction.atomic():
        original = (Invoice.objects.select_for_update().select_related("contract__provider", "contract__commissioner")
                    .get(pk=invoice.pk))
        if original.is_draft:
            raise InvoiceRefused("A draft is changed, not reversed: adjust its lines instead.")
        if original.is_credit_note:
            raise InvoiceRefused("A credit note cannot be reversed.")
        if original.credit_notes.exists():
            raise InvoiceRefused(f"{original} has already been reversed by "
                                 f"{original.credit_notes.first().number}.")
        credit = Invoice(provider_id=original.provider_id, contract=original.contract,
                         commissioner_id=original.commissioner_id, kind=InvoiceKind.CREDIT_NOTE,
                         period_start=original.period_start, period_end=original.period_end, credits=original,
                         credits_number=original.number, reason=reason, drafted_by=acting_user)
        _take_number(credit)
        _freeze(credit, acting_user)
        credit.save()
        lines = list(original.lines.all())
        InvoiceLine.objects.bulk_create([InvoiceLine(
            invoice=credit, position=line.position, case_id=line.case_id, case_reference=line.case_reference,
            on=line.on, code=line.code, description=line.description, quantity=-line.quantity,
            unit_price=line.unit_price, net=-line.net, vat_percent=line.vat_percent, vat=-line.vat,
            total=-line.total, event=line.event, expense_line_ids=line.expense_line_ids) for line in lines])
        invoice_set_totals(credit)
        BilledEvent.objects.filter(line__invoice=original).delete()  # its events may be billed again
        _tell_cases(credit, acting_user, credit_reason=reason)
        audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, target=credit, request=request,
                     summary=f"Credit note {credit.number} reverses {original.number} ({pounds(original.total)}): "
                             f"{reason}")
        notices.invoice_issued(credit)
    return credit
