"""The mediation certificate as a tagged, accessible PDF (PDF/UA-1) from an HTML template, from plain facts: the
documents app renders; the app that owns a document gathers what it says (`cases.issued`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from sendresolve.documents.pdf import pdf_from_html


@dataclass(frozen=True)
class CertificateFacts:
    number: str
    type: str  # declined, after_mediation, unable_to_arrange, change_of_mind: what the certificate says
    type_label: str
    issued_on: date
    issued_by: str
    issued_as: str
    appeal_deadline: date
    reference: str
    child_name: str
    family_name: str
    local_authority: str
    decision_label: str  # empty when there is no decision on the case
    decision_letter_dated: date | None
    decision_sent_on: date | None
    # An online request gives only the day the family says the letter was sent (legal review L16): printed as
    # theirs until the adviser checks it against the letter.
    told_by_family: bool
    issues: tuple[str, ...]
    unresolved: str
    verify_url: str


def certificate_pdf(facts: CertificateFacts) -> bytes:
    return pdf_from_html(render_to_string("documents/certificate.html", {"c": facts}))
