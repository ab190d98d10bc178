"""The certificate as issued: rendered once, stored with its SHA-256, and those bytes served and sent ever after."""

from __future__ import annotations

from sendresolve.cases.models import Certificate
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once
from sendresolve.notifications.services import DocumentAttachment


def certificate_document(certificate: Certificate) -> StoredDocument:
    from sendresolve.documents.certificates import certificate_pdf

    return document_once(key=f"certificate:{certificate.number}",
                         filename=f"mediation-certificate-{certificate.number}.pdf", mimetype="application/pdf",
                         render=lambda: certificate_pdf(certificate))


def certificate_mail_attachment(certificate: Certificate) -> DocumentAttachment:
    """The certificate attached to an e-mail by reference; its `key` finds the e-mails that carried it."""
    return DocumentAttachment("certificate", certificate.number)


def certificate_attachment(number: str) -> tuple[str, bytes, str]:
    """The outbox's resolver: the stored certificate's bytes for an e-mail."""
    document = certificate_document(Certificate.objects.select_related("case", "issued_by").get(number=number))
    return document.filename, document.content(), document.mimetype
