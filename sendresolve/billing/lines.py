"""An invoice's lines and totals, and the changes staff make to a draft's lines: adjust one with a reason, add one
by hand. Every amount is `core.money`: a line's net is quantity x unit price rounded once, its VAT is charged on
that net and rounded once, and an invoice's totals are the sums of its rounded lines, so they always add up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.billing import timeline
from sendresolve.billing.access import require_issuer
from sendresolve.billing.choices import EXPENSES_CODE, MANUAL_CODE
from sendresolve.billing.models import Invoice, InvoiceLine
from sendresolve.cases.models import Case
from sendresolve.core.money import line_amount, pence, pounds, vat_on
from sendresolve.core.refusals import Refused

MAX_QUANTITY = Decimal("9999.00")
MAX_UNIT_PRICE = Decimal("1000000.00")


class InvoiceRefused(Refused):
    """A change to an invoice the service will not make; the message says why."""


@dataclass(frozen=True)
class Money:
    net: Decimal
    vat: Decimal
    total: Decimal


def line_money(quantity: Decimal, unit_price: Decimal, vat_percent: Decimal) -> Money:
    net = line_amount(quantity, unit_price)
    vat = vat_on(net, vat_percent)
    return Money(net, vat, net + vat)


def set_line_money(line: InvoiceLine) -> InvoiceLine:
    money = line_money(line.quantity, line.unit_price, line.vat_percent)
    line.net, line.vat, line.total = money.net, money.vat, money.total
    return line


def totals_of(lines) -> Money:
    net = sum((line.net for line in lines), Decimal("0.00"))
    vat = sum((line.vat for line in lines), Decimal("0.00"))
    return Money(pence(net), pence(vat), pence(net + vat))


def invoice_set_totals(invoice: Invoice) -> Invoice:
    """The invoice's totals from its lines as stored (read afresh: the lines are the record)."""
    money = totals_of(list(invoice.lines.all()))
    invoice.net, invoice.vat, invoice.total = money.net, money.vat, money.total
    invoice.save(update_fields=["net", "vat", "total"])
    return invoice


def parse_quantity(value: str | Decimal) -> Decimal:
    try:
        quantity = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValidationError("Enter the quantity as a number, like 1 or 2.5.") from error
    if not quantity.is_finite() or quantity < 0 or quantity > MAX_QUANTITY or quantity != quantity.quantize(
            Decimal("0.01")):
        raise ValidationError(f"Enter a quantity from 0 to {MAX_QUANTITY:,.0f}, to at most 2 decimal places.")
    return quantity


def parse_price(value: str | Decimal, *, negative: bool = False) -> Decimal:
    """Pounds and pence, like 350 or 350.00 or £1,250.50."""
    text = str(value).strip().replace(",", "").replace("£", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError("Enter an amount in pounds, like 350 or 350.00.") from error
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("Enter an amount in pounds and pence, like 350.00: at most 2 decimal places.")
    if abs(amount) > MAX_UNIT_PRICE or (amount < 0 and not negative):
        raise ValidationError(f"Enter an amount from £0 to {pounds(MAX_UNIT_PRICE)}.")
    return pence(amount)


def _locked_draft(invoice: Invoice, acting_user: User) -> Invoice:
    require_issuer(acting_user, invoice)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_draft:
        raise InvoiceRefused(f"{invoice} has been issued: it cannot be changed. Reverse it with a credit note "
                             "instead.")
    return invoice


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why.")
    return reason


def invoice_line_adjust(*, acting_user: User, line: InvoiceLine, quantity: Decimal, unit_price: Decimal,
                        reason: str, request=None) -> InvoiceLine:
    """Changes a draft line's quantity or price, keeping what it was drafted with and why it changed; audited, and
    on the case's timeline (staff only). A family's expenses are the paying body's decision: not changed here."""
    reason = _reason(reason)
    quantity, unit_price = parse_quantity(quantity), parse_price(unit_price, negative=line.code == MANUAL_CODE)
    with transaction.atomic():
        _locked_draft(line.invoice, acting_user)
        line = InvoiceLine.objects.select_for_update().get(pk=line.pk)
        if line.code == EXPENSES_CODE:
            raise InvoiceRefused("The paying body decided the family's expenses: the amount cannot be changed on the "
                                 "invoice.")
        if quantity == line.quantity and unit_price == line.unit_price:
            raise ValidationError("Change the quantity or the price, or go back without changing the line.")
        was = f"{line.quantity.normalize():f} x {pounds(line.unit_price)}"
        if line.original_unit_price is None:
            line.original_quantity, line.original_unit_price = line.quantity, line.unit_price
        line.quantity, line.unit_price, line.reason = quantity, unit_price, reason
        line.changed_by, line.changed_at = acting_user, timezone.now()
        set_line_money(line).save()
        invoice_set_totals(line.invoice)
        now = f"{quantity.normalize():f} x {pounds(unit_price)}"
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=line.invoice, request=request,
                     summary=f"Line {line.position} ({line.case_reference or 'no case'}, {line.description}) "
                             f"adjusted from {was} to {now}: {reason}")
        if line.case_id:
            timeline.line_adjusted_event(case=line.case, actor=acting_user, who=f"{line.description}: {was} to {now}",
                                         reason=reason)
    return line


def invoice_line_add(*, acting_user: User, invoice: Invoice, description: str, on: date, unit_price: Decimal,
                     reason: str, quantity: Decimal = Decimal("1"), case_reference: str = "",
                     request=None) -> InvoiceLine:
    """Adds a line by hand to a draft (a disbursement at cost, an agreed extra): with a reason, audited. A case
    reference must be one of the invoiced body's cases; a negative price is a discount."""
    reason, description = _reason(reason), " ".join(description.split())
    if not description:
        raise ValidationError("Say what the line is for (never a child's name).")
    quantity, unit_price = parse_quantity(quantity), parse_price(unit_price, negative=True)
    with transaction.atomic():
        invoice = _locked_draft(invoice, acting_user)
        case = None
        if case_reference.strip():
            from sendresolve.billing.billable import paying_body_id

            case = (Case.objects.filter(reference=case_reference.strip().upper()).select_related("local_authority")
                    .prefetch_related("issues", "parties__organisation").first())
            if case is None or paying_body_id(case) != invoice.commissioner_id:
                raise ValidationError(f"{invoice.commissioner} pays for no case {case_reference.strip().upper()}: "
                                      "check the reference.")
        position = (invoice.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        line = set_line_money(InvoiceLine(
            invoice=invoice, position=position, case=case, case_reference=case.reference if case else "", on=on,
            code=MANUAL_CODE, description=description[:300], quantity=quantity, unit_price=unit_price,
            vat_percent=invoice.contract.vat_rate, reason=reason, changed_by=acting_user, changed_at=timezone.now()))
        line.save()
        invoice_set_totals(invoice)
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=invoice, request=request,
                     summary=f"Line {position} added by hand ({line.case_reference or 'no case'}, {description}, "
                             f"{pounds(line.total)}): {reason}")
        if case is not None:
            timeline.line_adjusted_event(case=case, actor=acting_user, who=f"{description}: {pounds(line.total)} "
                                                                           "added", reason=reason)
    return line
