"""The e-mail that takes an issued invoice or credit note to the body's finance contact: the PDF, the XLSX and the
CSV line files attached by reference (the stored bytes, rendered once when the worker first sends it)."""

from __future__ import annotations

from sendresolve.billing.models import Invoice
from sendresolve.notifications.services import DocumentAttachment, email_from_template

DOCUMENT_KINDS = ("pdf", "xlsx", "csv")


def invoice_attachments(invoice: Invoice) -> tuple[DocumentAttachment, ...]:
    return tuple(DocumentAttachment(f"invoice_{kind}", str(invoice.pk)) for kind in DOCUMENT_KINDS)


def invoice_issued(invoice: Invoice) -> None:
    """Call inside the issuing transaction: the message goes only if the invoice commits."""
    what = invoice.get_kind_display().lower()
    email_from_template(invoice.sent_to, f"{invoice.get_kind_display()} {invoice.number} from {invoice.provider_name}",
                        "invoice_issued", {"invoice": invoice, "what": what}, invoice_attachments(invoice))
