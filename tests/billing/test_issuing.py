"""Issuing an invoice (numbered, frozen, e-mailed with its documents by reference), adjusting and adding lines, and
reversing one with a credit note; each refusal names its reason and changes nothing, with a positive control."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.issued import invoice_document
from sendresolve.billing.issuing import invoice_credit, invoice_issue
from sendresolve.billing.lines import InvoiceRefused, invoice_line_add, invoice_line_adjust
from sendresolve.billing.models import BilledEvent, Invoice, InvoiceCounter
from sendresolve.cases.models import CaseEvent
from sendresolve.clock.billing_periods import month_before
from sendresolve.expenses.models import ExpenseLine
from sendresolve.notifications.models import OutboundEmail
from tests.billing import world
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    month = month_before(timezone.localdate())
    firm = world.provider()
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    deal = world.contract(firm.org, la, starts_on=month.first - timedelta(days=30))
    case = world.case(la)
    world.meeting(case, month.first, firm.officer)
    world.certificate(world.case(la), "declined", month.first, firm.officer)
    world.approved_expense(case, la, amount="8.60", decided_on=month.first, by=firm.officer)
    invoice = invoice_draft(acting_user=None, contract=deal, up_to=month.last)
    invoice.firm = firm
    return invoice


def test_issuing_numbers_freezes_marks_the_expenses_invoiced_and_e_mails_the_finance_contact(draft):
    firm = draft.firm
    issued = invoice_issue(acting_user=firm.officer, invoice=draft)

    assert (issued.number, issued.sequence, issued.status) == ("INV-000001", 1, "issued")
    assert issued.issued_on == timezone.localdate() and issued.due_on == issued.issued_on + timedelta(days=30)
    assert (issued.commissioner_name, issued.purchase_order, issued.sent_to) == (
        "Northshire County Council", "PO-4471", draft.contract.finance_email)
    assert issued.total == Decimal("428.60")  # (300 + 50) + 20% VAT + 8.60 at cost
    assert ExpenseLine.objects.get().invoice_number == "INV-000001"
    message = OutboundEmail.objects.get(to=draft.contract.finance_email)
    assert message.subject == f"Invoice INV-000001 from {firm.org.name}"
    assert [a["resolver"] for a in message.attachments] == ["invoice_pdf", "invoice_xlsx", "invoice_csv"]
    assert "£428.60" in message.body_text and "Sam" not in message.body_text
    assert CaseEvent.objects.filter(type="billing_invoiced", staff_only=True).count() == 2  # one per case
    assert AuditEvent.objects.filter(target_type="billing.Invoice", summary__startswith="Issued INV-000001").exists()

    second = world.case(draft.commissioner)
    world.meeting(second, timezone.localdate(), firm.officer)
    next_draft = invoice_draft(acting_user=firm.officer, contract=draft.contract, up_to=timezone.localdate())
    assert invoice_issue(acting_user=firm.manager, invoice=next_draft).number == "INV-000002"


def test_issuing_is_refused_with_its_reason_and_uses_no_number(draft):
    firm = draft.firm
    for outsider in (person(Role.MEDIATOR, firm.org), person(Role.LA_OFFICER, draft.commissioner),
                     person(Role.ADMINISTRATOR, firm.org), world.provider().officer):
        with pytest.raises(PermissionDenied, match="Only the mediation service's case officers and service managers"):
            invoice_issue(acting_user=outsider, invoice=draft)
    empty = Invoice.objects.create(provider=firm.org, contract=world.contract(
        firm.org, organisation(OrganisationKind.LOCAL_AUTHORITY), starts_on=draft.period_start),
        commissioner=draft.commissioner, period_start=draft.period_start, period_end=draft.period_end)
    with pytest.raises(InvoiceRefused, match="no lines: there is nothing to invoice"):
        invoice_issue(acting_user=firm.officer, invoice=empty)
    ExpenseLine.objects.update(invoice_number="INV-OTHER")  # invoiced elsewhere meanwhile
    with pytest.raises(InvoiceRefused, match="already on invoice INV-OTHER. Draft the invoice again"):
        invoice_issue(acting_user=firm.officer, invoice=draft)
    assert not InvoiceCounter.objects.filter(last__gt=0).exists(), "a refused issue takes no number"
    draft.refresh_from_db()
    assert draft.is_draft and not draft.number and not OutboundEmail.objects.exists()

    ExpenseLine.objects.update(invoice_number="")
    issued = invoice_issue(acting_user=firm.officer, invoice=draft)
    with pytest.raises(InvoiceRefused, match="has already been issued"):
        invoice_issue(acting_user=firm.officer, invoice=issued)


def test_a_line_is_adjusted_or_added_with_a_reason_audited_and_an_issued_invoice_never_changes(draft):
    firm = draft.firm
    line = draft.lines.get(code="MEDIATION_CASE")
    with pytest.raises(ValidationError, match="Say why"):
        invoice_line_adjust(acting_user=firm.officer, line=line, quantity="1", unit_price="250", reason="  ")
    with pytest.raises(InvoiceRefused, match="The paying body decided the family's expenses"):
        invoice_line_adjust(acting_user=firm.officer, line=draft.lines.get(code="EXPENSES"), quantity="1",
                            unit_price="1", reason="Rounding")
    with pytest.raises(ValidationError, match="at most 2 decimal places"):
        invoice_line_adjust(acting_user=firm.officer, line=line, quantity="1", unit_price="250.001", reason="x")
    with pytest.raises(PermissionDenied, match="case officers and service managers"):
        invoice_line_adjust(acting_user=person(Role.LA_OFFICER, draft.commissioner), line=line, quantity="1",
                            unit_price="0", reason="We will not pay")
    line.refresh_from_db()
    assert line.unit_price == Decimal("300.00") and not line.adjusted

    adjusted = invoice_line_adjust(acting_user=firm.officer, line=line, quantity="1", unit_price="250.00",
                                   reason="Agreed discount: the meeting ended early")
    assert (adjusted.original_unit_price, adjusted.unit_price, adjusted.net, adjusted.vat) == (
        Decimal("300.00"), Decimal("250.00"), Decimal("250.00"), Decimal("50.00"))
    added = invoice_line_add(acting_user=firm.officer, invoice=draft, description="Interpreter at the meeting",
                             on=draft.period_start, unit_price="85.50", reason="Booked at the LA's request",
                             case_reference=line.case_reference.lower())
    assert added.case_id == line.case_id and added.code == "MANUAL"
    with pytest.raises(ValidationError, match="pays for no case MC-NOSUCH1"):
        invoice_line_add(acting_user=firm.officer, invoice=draft, description="Venue", on=draft.period_start,
                         unit_price="10", reason="Room", case_reference="MC-NOSUCH1")
    draft.refresh_from_db()
    assert draft.total == sum(each.total for each in draft.lines.all()) == Decimal("471.20")
    assert AuditEvent.objects.filter(target_type="billing.Invoice", summary__contains="Agreed discount").exists()

    issued = invoice_issue(acting_user=firm.officer, invoice=draft)
    with pytest.raises(InvoiceRefused, match="has been issued: it cannot be changed. Reverse it with a credit note"):
        invoice_line_adjust(acting_user=firm.officer, line=adjusted, quantity="1", unit_price="1", reason="Oops")
    price = issued.contract.prices.get(code="MEDIATION_CASE")
    pdf = invoice_document(issued, "pdf")
    price.price = Decimal("999.00")
    price.save()
    issued.refresh_from_db()
    assert issued.total == Decimal("471.20") and issued.lines.get(code="MEDIATION_CASE").unit_price == Decimal(
        "250.00")
    assert invoice_document(Invoice.objects.get(pk=issued.pk), "pdf").sha256 == pdf.sha256


def test_a_credit_note_reverses_the_whole_invoice_and_its_events_can_be_billed_again(draft):
    firm = draft.firm
    issued = invoice_issue(acting_user=firm.officer, invoice=draft)
    with pytest.raises(PermissionDenied, match="Only the mediation service's service managers can reverse"):
        invoice_credit(acting_user=firm.officer, invoice=issued, reason="Wrong body")
    with pytest.raises(ValidationError, match="Say why the invoice is being reversed"):
        invoice_credit(acting_user=firm.manager, invoice=issued, reason=" ")
    assert not Invoice.objects.filter(kind="credit_note").exists()

    credit = invoice_credit(acting_user=firm.manager, invoice=issued, reason="Billed before the contract's start")

    assert (credit.number, credit.credits, credit.credits_number) == ("CN-000001", issued, "INV-000001")
    assert credit.total == -issued.total and credit.net + issued.net == 0 and credit.vat + issued.vat == 0
    assert [line.total for line in credit.lines.all()] == [-line.total for line in issued.lines.all()]
    issued.refresh_from_db()
    assert issued.status == "issued" and issued.total == Decimal("428.60"), "the invoice itself never changes"
    assert OutboundEmail.objects.filter(subject__startswith="Credit note CN-000001").count() == 1
    assert not BilledEvent.objects.filter(line__invoice=issued).exists()
    with pytest.raises(InvoiceRefused, match="has already been reversed by CN-000001"):
        invoice_credit(acting_user=firm.manager, invoice=issued, reason="Again")
    with pytest.raises(InvoiceRefused, match="A credit note cannot be reversed"):
        invoice_credit(acting_user=firm.manager, invoice=credit, reason="Undo")

    again = invoice_draft(acting_user=firm.officer, contract=issued.contract, up_to=issued.period_end)
    assert sorted(line.code for line in again.lines.all()) == ["ADVICE_CERT_ONLY", "MEDIATION_CASE"], (
        "the events are billed again; the expenses stay invoiced")
