"""An issued invoice or credit note as documents: rendered once from its frozen rows, stored with its SHA-256, and
those bytes served and attached ever after (ADR 11). The key names the invoice by its id, padded, so the retention
table can find each document's invoice (`privacy.retention_billing`)."""

from __future__ import annotations

from django.http import Http404

from sendresolve.billing.choices import VatTreatment
from sendresolve.billing.models import Invoice
from sendresolve.documents.invoices import (
    CSV_TYPE,
    XLSX_TYPE,
    InvoiceFacts,
    LineFacts,
    invoice_csv,
    invoice_pdf,
    invoice_xlsx,
)
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once

KEY_PREFIX = "invoice:"
KEY_DIGITS = 12
RENDERERS = {"pdf": (invoice_pdf, "application/pdf"), "xlsx": (invoice_xlsx, XLSX_TYPE),
             "csv": (invoice_csv, CSV_TYPE)}


def document_key(invoice_id: int, extension: str) -> str:
    return f"{KEY_PREFIX}{invoice_id:0{KEY_DIGITS}d}:{extension}"


def invoice_facts(invoice: Invoice) -> InvoiceFacts:
    """What the documents say: the invoice's frozen fields and lines, nothing read from the contract now."""
    lines = tuple(LineFacts(position=line.position, case_reference=line.case_reference, on=line.on, code=line.code,
                            description=line.description, quantity=line.quantity, unit_price=line.unit_price,
                            net=line.net, vat_percent=line.vat_percent, vat=line.vat, total=line.total)
                  for line in invoice.lines.all())
    return InvoiceFacts(
        kind=invoice.kind, title=invoice.get_kind_display(), number=invoice.number, issued_on=invoice.issued_on,
        due_on=invoice.due_on, period_start=invoice.period_start, period_end=invoice.period_end,
        provider=invoice.provider_name, commissioner=invoice.commissioner_name,
        contract_reference=invoice.contract_reference, purchase_order=invoice.purchase_order,
        cost_centre=invoice.cost_centre,
        vat_treatment=VatTreatment(invoice.vat_treatment).label if invoice.vat_treatment else "",
        payment_terms_days=invoice.payment_terms_days or 0,
        credits_number=invoice.credits_number, reason=invoice.reason, net=invoice.net, vat=invoice.vat,
        total=invoice.total, lines=lines)


def invoice_document(invoice: Invoice, extension: str) -> StoredDocument:
    """The stored PDF, XLSX or CSV of an issued invoice (a draft has none: it is not a document yet)."""
    if invoice.is_draft or extension not in RENDERERS:
        raise Http404("No such document")
    render, mimetype = RENDERERS[extension]
    kind = invoice.kind.replace("_", "-")
    return document_once(key=document_key(invoice.pk, extension), filename=f"{kind}-{invoice.number}.{extension}",
                         mimetype=mimetype, render=lambda: render(invoice_facts(invoice)))


def _resolver(extension: str):
    def resolve(ref: str) -> tuple[str, bytes, str]:
        document = invoice_document(Invoice.objects.get(pk=int(ref)), extension)
        return document.filename, document.content(), document.mimetype

    return resolve


ATTACHMENT_RESOLVERS = {f"invoice_{extension}": _resolver(extension) for extension in RENDERERS}
