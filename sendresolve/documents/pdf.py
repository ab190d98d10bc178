"""HTML to a tagged, accessible PDF (PDF/UA-1) with WeasyPrint: the one PDF renderer."""

from django.conf import settings
from weasyprint import HTML


def pdf_from_html(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
