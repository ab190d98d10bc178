"""The issued invoice as documents: a tagged PDF (read with pdftotext), its lines as XLSX (opened with openpyxl) and as
CSV, the same stored bytes in the e-mail and every download."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.issued import invoice_document
from sendresolve.billing.issuing import invoice_credit, invoice_issue
from sendresolve.clock.billing_periods import month_before
from sendresolve.documents.invoices import COLUMNS
from sendresolve.notifications.delivery import _email
from sendresolve.notifications.models import OutboundEmail
from tests.billing import world
from tests.factories import organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    month = month_before(timezone.localdate())
    firm = world.provider(name="Resolve Mediation Partnership")
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Riverside Borough Council")
    deal = world.contract(firm.org, la, starts_on=month.first - timedelta(days=30))
    case = world.case(la, child_name="Zoe Baker")
    world.meeting(case, month.first + timedelta(days=2), firm.officer)
    booked = world.meeting(case, month.first + timedelta(days=9), firm.officer, status="cancelled")
    world.change(booked, party="la", changed_on=month.first + timedelta(days=9), by=firm.officer, hour=8)
    world.approved_expense(case, la, amount="6.50", decided_on=month.first + timedelta(days=4), by=firm.officer)
    invoice = invoice_issue(acting_user=firm.officer,
                            invoice=invoice_draft(acting_user=None, contract=deal, up_to=month.last))
    invoice.firm, invoice.case = firm, case
    return invoice


def test_the_pdf_is_tagged_and_says_each_line_by_case_reference_never_the_child(issued, tmp_path):
    document = invoice_document(issued, "pdf")
    path = tmp_path / "invoice.pdf"
    path.write_bytes(document.content())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Invoice INV-000001" in text and "Riverside Borough Council" in text and "PO-4471" in text
    assert text.count(issued.case.reference) == 3  # the mediation, the late cancellation, the expense
    assert "Late cancellation or move by the local authority" in text and "£510.50" in text
    assert "Zoe" not in text and "Baker" not in text
    reader = PdfReader(io.BytesIO(document.content()))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_the_xlsx_opens_in_openpyxl_and_says_what_the_csv_says(issued, tmp_path):
    """(LibreOffice converts the XLSX a finance officer downloads in tests/browser/test_invoice_journey.py.)"""
    xlsx = invoice_document(issued, "xlsx")
    path = tmp_path / xlsx.filename
    path.write_bytes(xlsx.content())
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook["Lines"].values)
    assert rows[0] == COLUMNS
    assert [(row[1], row[11], row[13]) for row in rows[1:]] == [
        ("INV-000001", issued.case.reference, code) for code in ("MEDIATION_CASE", "LATE_CANCEL_LA", "EXPENSES")]
    assert sum(Decimal(str(row[20])) for row in rows[1:]) == issued.total
    assert dict(workbook["Totals"].values)["Gross"] == float(issued.total)  # a number cell, as Excel reads it
    ours = list(csv.reader(invoice_document(issued, "csv").content().decode().splitlines()))
    assert ours[0] == list(COLUMNS)
    assert [row[11:15] for row in ours[1:]] == [[str(value) for value in row[11:15]] for row in rows[1:]]
    assert [Decimal(row[20]) for row in ours[1:]] == [Decimal("360.00"), Decimal("144.00"), Decimal("6.50")]


def test_the_e_mail_carries_the_stored_bytes_and_the_credit_note_has_its_own(issued):
    message = OutboundEmail.objects.get(to=issued.sent_to)
    attached = {name: content for name, content, _ in _email(message).attachments}
    assert set(attached) == {"invoice-INV-000001.pdf", "invoice-INV-000001.xlsx", "invoice-INV-000001.csv"}
    assert attached["invoice-INV-000001.pdf"] == invoice_document(issued, "pdf").content()

    credit = invoice_credit(acting_user=issued.firm.manager, invoice=issued, reason="Wrong purchase order")
    text = invoice_document(credit, "csv").content().decode()
    assert text.splitlines()[1].startswith("Credit note,CN-000001,") and ",INV-000001," in text
    assert sum(Decimal(row[20]) for row in csv.reader(text.splitlines()[1:])) == -issued.total


def test_text_typed_by_staff_never_becomes_a_formula_in_the_line_files(tmp_path):
    from datetime import date

    from sendresolve.documents.invoices import InvoiceFacts, LineFacts, invoice_csv, invoice_xlsx

    typed = '=HYPERLINK("http://evil.example","Click")'
    line = LineFacts(position=1, case_reference="", on=date(2026, 11, 3), code="MANUAL", description=typed,
                     quantity=Decimal("1"), unit_price=Decimal("-5.00"), net=Decimal("-5.00"),
                     vat_percent=Decimal("0"), vat=Decimal("0.00"), total=Decimal("-5.00"))
    facts = InvoiceFacts(kind="invoice", title="Invoice", number="INV-000009", issued_on=date(2026, 11, 30),
                         due_on=date(2026, 12, 30), period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
                         provider="P", commissioner="C", contract_reference="R", purchase_order="", cost_centre="",
                         vat_treatment="Exempt", payment_terms_days=30, credits_number="", reason="",
                         net=Decimal("-5.00"), vat=Decimal("0.00"), total=Decimal("-5.00"), lines=(line,))
    path = tmp_path / "lines.xlsx"
    path.write_bytes(invoice_xlsx(facts))
    cell = load_workbook(path)["Lines"]["O2"]
    assert (cell.value, cell.data_type) == ("'" + typed, "s")
    assert load_workbook(path)["Lines"]["T2"].value == 0 and load_workbook(path)["Lines"]["Q2"].value == -5
    assert list(csv.reader(invoice_csv(facts).decode().splitlines()))[1][14] == "'" + typed
