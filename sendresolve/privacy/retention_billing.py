"""The retention table's entries for contracts and invoices (sendresolve/billing; ADR 23). Invoices are financial
records: kept `INVOICE_RETENTION_YEARS` (6) after the end of the financial year they were issued in, then deleted
with their lines and their stored PDF, XLSX and CSV (the documents first: their rows find their invoice by it).
Lines name cases by reference and date, never a child; what they bill stays recorded against the event
(`billing.BilledEvent`, no personal data) so nothing is billed twice after the invoice has gone."""

from __future__ import annotations

from django.db.models import BigIntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Substr

from sendresolve.billing.models import Invoice
from sendresolve.clock.retention import RetentionUnit
from sendresolve.privacy.retention_entries import Action, NoPersonalData, Period, RetentionEntry

INVOICE_RECORDS = ("Invoices are the provider's financial records: HMRC asks a VAT-registered business to keep them "
                   "for 6 years (VAT Notice 700/21), and a claim on a contract can be brought for 6 years "
                   "(Limitation Act 1980 s.5)")
INVOICE_PERIOD = Period("INVOICE_RETENTION_YEARS", RetentionUnit.YEARS)
FY_END = "the end of the financial year (31 March) the invoice was issued in"

# billing.issued.document_key: "invoice:" then the invoice's id in 12 digits, then ":pdf" (or xlsx, csv).
_KEY_PREFIX, _KEY_DIGITS = "invoice:", 12


def _invoice_of_document():
    invoice_id = Cast(Substr(OuterRef("key"), len(_KEY_PREFIX) + 1, _KEY_DIGITS), BigIntegerField())
    return Subquery(Invoice.objects.filter(pk=invoice_id).values("financial_year_end")[:1])


BILLING_ENTRIES = (
    RetentionEntry(
        key="invoice_documents", model="documents.StoredDocument",
        holds="issued invoices and credit notes as PDF, XLSX and CSV (case references, amounts, the finance "
              "contact's body)",
        reason=INVOICE_RECORDS, action=Action.DELETE, effect="The documents and their stored files are deleted.",
        period=INVOICE_PERIOD, runs_from=FY_END, start=_invoice_of_document(),
        only=Q(key__startswith=_KEY_PREFIX), files=("file",)),
    RetentionEntry(
        key="invoice_lines", model="billing.InvoiceLine",
        holds="each line: a case reference and date, what was billed, and why staff adjusted or added it",
        reason=INVOICE_RECORDS, action=Action.DELETE, effect="Deleted with their invoice.",
        period=INVOICE_PERIOD, runs_from=FY_END, start="invoice__financial_year_end"),
    RetentionEntry(
        key="invoices", model="billing.Invoice",
        holds="an issued invoice or credit note: to whom, the finance contact's address, who issued it, why a credit "
              "note was issued",
        reason=INVOICE_RECORDS, action=Action.DELETE, effect="Deleted, with any line left.",
        period=INVOICE_PERIOD, runs_from=FY_END, start="financial_year_end"),
    RetentionEntry(
        key="contract_finance_contacts", model="billing.Contract",
        holds="the finance contact's e-mail address (which may name a person)",
        reason=f"{INVOICE_RECORDS}; the contact is needed while the contract's invoices may be queried",
        action=Action.CLEAR, effect="The finance contact is cleared; the contract and its prices stay.",
        period=INVOICE_PERIOD, runs_from="the contract ended", start="ends_on",
        changes={"finance_email": ""}),
)

BILLING_NO_PERSONAL_DATA = (
    NoPersonalData("billing.PriceItem", "a contract's prices"),
    NoPersonalData("billing.BilledEvent", "which billable events (a meeting's or a certificate's id) are billed"),
    NoPersonalData("billing.InvoiceCounter", "the last invoice and credit note numbers of each provider"),
    NoPersonalData("billing.InvoiceRun", "the month each monthly drafting ran, and how many drafts it made"),
)
