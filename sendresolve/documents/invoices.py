"""An invoice or credit note as a tagged PDF (PDF/UA-1), and its lines as an XLSX workbook and a CSV file in the
shape LA finance systems import (one row per line, the invoice's own fields repeated on each), from plain facts:
the billing app gathers them (`billing.issued.invoice_facts`); this module only writes them down.

Amounts are written as numbers with two decimal places (the XLSX cells as numbers formatted to the penny), never
with a currency sign, so a finance system reads them as they are; dates as ISO 8601 (YYYY-MM-DD) in the files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from sendresolve.documents.pdf import pdf_from_html

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"


@dataclass(frozen=True)
class LineFacts:
    position: int
    case_reference: str
    on: date
    code: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    net: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class InvoiceFacts:
    kind: str  # "invoice" or "credit_note"
    title: str  # "Invoice" or "Credit note"
    number: str
    issued_on: date
    due_on: date | None
    period_start: date
    period_end: date
    provider: str
    commissioner: str
    contract_reference: str
    purchase_order: str
    cost_centre: str
    vat_treatment: str  # in words
    payment_terms_days: int
    credits_number: str  # a credit note: the invoice it reverses
    reason: str
    net: Decimal
    vat: Decimal
    total: Decimal
    lines: tuple[LineFacts, ...]


COLUMNS = ("Document type", "Document number", "Document date", "Due date", "Reverses", "Supplier", "Customer",
           "Contract reference", "Purchase order", "Cost centre", "Line", "Case reference", "Date", "Code",
           "Description", "Quantity", "Unit price", "Net", "VAT rate %", "VAT", "Gross")
MONEY_COLUMNS = frozenset({"Unit price", "Net", "VAT", "Gross"})


# A cell that starts with one of these is a formula to Excel and LibreOffice (and to openpyxl, which would write it as
# one): text typed by staff (a line added by hand) is written with a leading apostrophe instead (OWASP, "CSV
# Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _rows(facts: InvoiceFacts) -> list[tuple]:
    head = (facts.title, facts.number, _iso(facts.issued_on), _iso(facts.due_on), facts.credits_number,
            facts.provider, facts.commissioner, facts.contract_reference, facts.purchase_order, facts.cost_centre)
    rows = [(*head, line.position, line.case_reference, _iso(line.on), line.code, line.description, line.quantity,
             line.unit_price, line.net, line.vat_percent, line.vat, line.total) for line in facts.lines]
    return [tuple(_text(value) for value in row) for row in rows]


def invoice_pdf(facts: InvoiceFacts) -> bytes:
    return pdf_from_html(render_to_string("documents/invoice.html", {"i": facts}))


def invoice_csv(facts: InvoiceFacts) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for row in _rows(facts):
        writer.writerow([f"{value:.2f}" if isinstance(value, Decimal) else value for value in row])
    return out.getvalue().encode("utf-8")


def invoice_xlsx(facts: InvoiceFacts) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lines"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(facts):
        sheet.append(row)
    for index, name in enumerate(COLUMNS, start=1):
        if name in MONEY_COLUMNS or name in ("Quantity", "VAT rate %"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    totals = workbook.create_sheet("Totals")
    for label, value in (("Document type", facts.title), ("Document number", facts.number),
                         ("Net", facts.net), ("VAT", facts.vat), ("Gross", facts.total)):
        totals.append((label, value))
    for (cell,) in totals.iter_rows(min_row=3, min_col=2, max_col=2):
        cell.number_format = "0.00"
    workbook.properties.title = f"{facts.title} {facts.number}"
    workbook.properties.creator = facts.provider
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
