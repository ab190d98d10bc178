"""The certificate as issued: rendered once, stored with its SHA-256, and those bytes served and sent ever after."""

from __future__ import annotations

from django.conf import settings

from sendresolve.cases.choices import CertificateType, ContactMethod
from sendresolve.cases.models import Certificate, Participant
from sendresolve.documents.certificates import CertificateFacts, certificate_pdf
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once
from sendresolve.notifications.services import DocumentAttachment


def certificate_document(certificate: Certificate) -> StoredDocument:
    return document_once(key=f"certificate:{certificate.number}",
                         filename=f"mediation-certificate-{certificate.number}.pdf", mimetype="application/pdf",
                         render=lambda: certificate_pdf(certificate_facts(certificate)))


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    """What the certificate says, gathered from the case when it is first rendered."""
    case = certificate.case
    decision = getattr(case, "decision", None)
    agreed = case.plans.filter(status="agreed").order_by("-version").first()  # the agreements app's rows
    family = case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()
    return CertificateFacts(
        number=certificate.number, type=certificate.type, type_label=certificate.get_type_display(),
        issued_on=certificate.issued_on, issued_by=certificate.issued_by.full_name, issued_as=certificate.issued_as,
        appeal_deadline=certificate.appeal_deadline, reference=case.reference, child_name=case.child_name,
        family_name=family.name if family else "", local_authority=case.local_authority.name,
        decision_label=decision.get_type_display() if decision else "",
        decision_letter_dated=decision.letter_dated if decision else None,
        decision_sent_on=decision.sent_on if decision else None,
        told_by_family=decision is not None and case.contact_method == ContactMethod.ONLINE
        and not decision.dates_checked,
        issues=tuple(str(issue) for issue in case.issues.all()),
        unresolved=agreed.issues_unresolved if agreed is not None
        and certificate.type == CertificateType.AFTER_MEDIATION else "",
        verify_url=f"{settings.SITE_URL}/verify/",
    )


def certificate_mail_attachment(certificate: Certificate) -> DocumentAttachment:
    """The certificate attached to an e-mail by reference; its `key` finds the e-mails that carried it."""
    return DocumentAttachment("certificate", certificate.number)


def certificate_attachment(number: str) -> tuple[str, bytes, str]:
    """The outbox's resolver: the stored certificate's bytes for an e-mail."""
    document = certificate_document(Certificate.objects.select_related("case", "issued_by").get(number=number))
    return document.filename, document.content(), document.mimetype
