"""The Action Plan as a tagged PDF and as a Word file, from plain facts: the agreements app gathers what a version
says (`agreements.documents.plan_facts`); this module only writes it down."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt

from sendresolve.clock.output import long_date
from sendresolve.core.text import plain_text
from sendresolve.core.timezones import moment_text
from sendresolve.documents.pdf import pdf_from_html

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ActionDate:
    due: date
    obligation: str
    citation: str


@dataclass(frozen=True)
class ActionFacts:
    description: str
    responsible: str
    kind: str
    dates: tuple[ActionDate, ...]


@dataclass(frozen=True)
class AgreementFacts:
    typed_name: str
    role: str
    agreed_at: datetime
    statement: str


@dataclass(frozen=True)
class PlanFacts:
    title: str
    reference: str
    kind: str  # "mediation" or "dr"
    kind_label: str
    version: int
    agreed_on: date | None
    child_name: str
    family_name: str
    local_authority: str
    issues_discussed: str
    issues_unresolved: str
    actions: tuple[ActionFacts, ...]
    agreements: tuple[AgreementFacts, ...]  # none for a version as sent
    appeal_deadline: date | None


def plan_pdf(facts: PlanFacts) -> bytes:
    return pdf_from_html(render_to_string("documents/action_plan.html", {"p": facts}))


def plan_docx(facts: PlanFacts) -> bytes:
    document = Document()
    document.core_properties.title = facts.title
    document.core_properties.author = settings.SERVICE_NAME
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading("Action Plan", level=0)
    agreed = f", agreed on {long_date(facts.agreed_on)}." if facts.agreed_on else " (not yet agreed)."
    document.add_paragraph(f"{facts.kind_label} for case {facts.reference}. Version {facts.version}{agreed}")
    details = document.add_table(rows=0, cols=2)
    details.style = "Table Grid"
    for label, value in (("Child or young person", facts.child_name), ("Family", facts.family_name),
                         ("Local authority", facts.local_authority)):
        cells = details.add_row().cells
        cells[0].text, cells[1].text = label, plain_text(value)
    document.add_heading("Issues discussed", level=1)
    document.add_paragraph(plain_text(facts.issues_discussed) or "None recorded.")
    document.add_heading("Agreed actions", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("What will be done", "Who", "Kind", "By when"), strict=True):
        cell.text = text
    for action in facts.actions:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = plain_text(action.description), action.responsible, action.kind
        cells[3].text = "; ".join(f"{d.obligation.split(':')[0]}: {long_date(d.due)}" for d in action.dates) \
            or "Not set"
    document.add_heading("Issues not resolved", level=1)
    document.add_paragraph(plain_text(facts.issues_unresolved) or "None.")
    document.add_heading("Agreement", level=1)
    for agreement in facts.agreements:
        document.add_paragraph(plain_text(
            f"{agreement.typed_name} ({agreement.role}) agreed on {moment_text(agreement.agreed_at)}: "
            f"“{agreement.statement}”"))
    if not facts.agreements:
        document.add_paragraph("Not yet agreed by the parties.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
