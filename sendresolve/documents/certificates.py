"""The mediation certificate as a tagged, accessible PDF (PDF/UA-1) from an HTML template."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from sendresolve.cases.models import Certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    case = certificate.case
    decision = getattr(case, "decision", None)
    agreed = case.plans.filter(status="agreed").order_by("-version").first()
    html = render_to_string("documents/certificate.html", {
        "certificate": certificate,
        "case": case,
        "decision": decision,
        # An online request gives only the day the family says the letter was sent (legal review L16): printed as
        # theirs until the adviser checks it against the letter.
        "told_by_family": decision is not None and case.contact_method == "online" and not decision.dates_checked,
        "issues": [str(issue) for issue in case.issues.all()],
        "unresolved": agreed.issues_unresolved if agreed is not None and certificate.type == "after_mediation" else "",
        "family": case.participants.filter(role="rights_holder").first(),
        "verify_url": f"{settings.SITE_URL}/verify/",
    })
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
