"""The agreed Action Plan as a tagged, accessible PDF (PDF/UA-1) and as a Word document for LA systems, each
with its version and the record of who agreed it. The mediator's confidential notes are never read here."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt

from sendresolve.agreements.duties import action_deadlines, duty_obligation
from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import CaseDeadline
from sendresolve.clock.output import long_date
from sendresolve.core.text import plain_text
from sendresolve.documents.pdf import pdf_from_html

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context(plan: ActionPlan) -> dict:
    """The plan as agreed: each action's dates are worked out from the day of this version's agreement, not read
    from the duties (which later change with new dates agreed, and belong to the latest version only)."""
    case = plan.case
    actions = list(plan.actions.all())
    dates: dict[int, list[dict]] = {}
    if plan.agreed_on:
        calendar = service_calendar()
        for action in actions:
            dates[action.pk] = [{"due": d.due, "obligation": duty_obligation(case, action, d),
                                 "citation": d.rule.citation}
                                for d in sorted(action_deadlines(case, action, plan.agreed_on, calendar),
                                                key=lambda d: (d.due, d.rule.id))]
    return {
        "plan": plan, "case": case, "family": case.participants.filter(role="rights_holder").first(),
        "actions": [(action, dates.get(action.pk, [])) for action in actions],
        # A version as sent carries no agreements (it is stored once, before anyone has agreed it).
        "agreements": list(plan.agreements.select_related("participant", "participant__organisation"))
        if plan.agreed_on else [],
        "title": f"Action Plan for case {case.reference}, version {plan.version}",
        "appeal_deadline": CaseDeadline.objects.filter(case=case, rule="T9").values_list("due", flat=True).first(),
    }


def plan_pdf(plan: ActionPlan) -> bytes:
    return pdf_from_html(render_to_string("documents/action_plan.html", _context(plan)))


def plan_docx(plan: ActionPlan) -> bytes:
    context = _context(plan)
    case, document = context["case"], Document()
    document.core_properties.title = context["title"]
    document.core_properties.author = settings.SERVICE_NAME
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading("Action Plan", level=0)
    document.add_paragraph(f"{case.get_kind_display()} for case {case.reference}. Version {plan.version}"
                           + (f", agreed on {long_date(plan.agreed_on)}." if plan.agreed_on else " (not yet agreed)."))
    details = document.add_table(rows=0, cols=2)
    details.style = "Table Grid"
    for label, value in (("Child or young person", case.child_name),
                         ("Family", context["family"].name if context["family"] else ""),
                         ("Local authority", case.local_authority.name)):
        cells = details.add_row().cells
        cells[0].text, cells[1].text = label, plain_text(value)
    document.add_heading("Issues discussed", level=1)
    document.add_paragraph(plain_text(plan.issues_discussed) or "None recorded.")
    document.add_heading("Agreed actions", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("What will be done", "Who", "Kind", "By when"), strict=True):
        cell.text = text
    for action, dates in context["actions"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (plain_text(action.description), action.get_responsible_display(),
                                                      action.get_kind_display())
        cells[3].text = "; ".join(f"{d['obligation'].split(':')[0]}: {long_date(d['due'])}" for d in dates) or "Not set"
    document.add_heading("Issues not resolved", level=1)
    document.add_paragraph(plain_text(plan.issues_unresolved) or "None.")
    document.add_heading("Agreement", level=1)
    for agreement in context["agreements"]:
        document.add_paragraph(plain_text(
            f"{agreement.typed_name} ({agreement.participant.get_role_display()}) agreed on "
            f"{agreement.agreed_at:%-d %B %Y at %H:%M}: “{agreement.statement}”"))
    if not context["agreements"]:
        document.add_paragraph("Not yet agreed by the parties.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
