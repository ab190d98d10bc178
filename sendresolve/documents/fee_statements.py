"""A mediator's accepted statement (a self-billed invoice) as a tagged, accessible PDF (PDF/UA-1), from plain facts:
the fees app gathers what it says (`fees.issued`); this module only writes it down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from sendresolve.documents.pdf import pdf_from_html


@dataclass(frozen=True)
class StatementLineFacts:
    on_date: date
    case_reference: str
    description: str
    rate: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class StatementFacts:
    number: str
    month: str  # "March 2027"
    period_start: date
    period_end: date
    accepted_on: date  # the invoice's date of issue and tax point (the day the mediator accepted it)
    supplier_name: str  # the mediator
    supplier_address: str
    vat_number: str  # empty: not VAT-registered
    provider_name: str  # the customer, who issues the invoice
    agreement_starts: date | None  # None only once the agreement itself is past its retention period
    agreement_ends: date | None
    vat_rate: Decimal
    net: Decimal
    vat: Decimal
    total: Decimal
    lines: tuple[StatementLineFacts, ...]


def statement_pdf(facts: StatementFacts) -> bytes:
    return pdf_from_html(render_to_string("documents/fee_statement.html", {"s": facts}))
