"""Each Action Plan version as it was sent, and as it was agreed, rendered once and stored: every later download
and e-mail serves those bytes, whatever is agreed or changed afterwards."""

from __future__ import annotations

from sendresolve.agreements.models import ActionPlan
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_document(plan: ActionPlan, extension: str) -> StoredDocument:
    """The stored document of a sent or agreed version (a draft is never issued: it is rendered for its mediator
    only, each time)."""
    from sendresolve.agreements.documents import plan_docx, plan_pdf

    stage = "agreed" if plan.agreed_on else "sent"
    render, mimetype = (plan_pdf, PDF) if extension == "pdf" else (plan_docx, DOCX)
    return document_once(key=f"plan:{plan.pk}:{stage}:{extension}",
                         filename=f"action-plan-{plan.case.reference}-v{plan.version}.{extension}",
                         mimetype=mimetype, render=lambda: render(plan))


def _resolver(extension: str):
    def resolve(ref: str) -> tuple[str, bytes, str]:
        document = plan_document(ActionPlan.objects.select_related("case").get(pk=int(ref)), extension)
        return document.filename, document.content(), document.mimetype

    return resolve


plan_pdf_attachment, plan_docx_attachment = _resolver("pdf"), _resolver("docx")
