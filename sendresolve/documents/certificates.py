"""The mediation certificate as a tagged, accessible PDF (PDF/UA-1) from an HTML template."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from sendresolve.cases.models import Certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    case = certificate.case
    html = render_to_string("documents/certificate.html", {
        "certificate": certificate,
        "case": case,
        "decision": getattr(case, "decision", None),
        "family": case.participants.filter(role="rights_holder").first(),
        "verify_url": f"{settings.SITE_URL}/verify/",
    })
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
