"""E-mails about the Action Plan and its follow-up, through the outbox."""

from __future__ import annotations

from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.models import Participant
from sendresolve.notifications.services import Attachment, email_from_template


def plan_sent(plan: ActionPlan, parties: list[Participant]) -> None:
    for party in parties:
        email_from_template(
            party.email,
            f"Please read and agree the Action Plan ({plan.case.reference})",
            "plan_sent",
            {"plan": plan, "case": plan.case, "participant": party},
        )


def plan_agreed(plan: ActionPlan, parties: list[Participant]) -> None:
    """Every party gets the agreed plan as PDF and Word, the day it is agreed."""
    from sendresolve.agreements.documents import DOCX_TYPE, plan_docx, plan_pdf

    name = f"action-plan-{plan.case.reference}-v{plan.version}"
    attachments = (Attachment(f"{name}.pdf", plan_pdf(plan), "application/pdf"),
                   Attachment(f"{name}.docx", plan_docx(plan), DOCX_TYPE))
    mediator = plan.case.participants.filter(role=Participant.Role.MEDIATOR).first()
    for party in [*parties, *([mediator] if mediator else [])]:
        email_from_template(
            party.email,
            f"The agreed Action Plan ({plan.case.reference})",
            "plan_agreed",
            {"plan": plan, "case": plan.case, "participant": party},
            attachments,
        )

