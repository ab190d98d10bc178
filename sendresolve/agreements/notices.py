"""E-mails about the Action Plan and its follow-up, through the outbox."""

from __future__ import annotations

from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.models import Participant
from sendresolve.cases.notices import statutory_notice
from sendresolve.notifications.services import DocumentAttachment, email_from_template

# The agreed plan is the record the LA's duties under regulation 42 run from: its copy not arriving is flagged.
LA_ROLES = (Participant.Role.LA_OFFICER, Participant.Role.LA_DECISION_MAKER)


def plan_sent(plan: ActionPlan, parties: list[Participant]) -> None:
    for party in parties:
        email_from_template(
            party.email,
            f"Please read and agree the Action Plan ({plan.case.reference})",
            "plan_sent",
            {"plan": plan, "case": plan.case, "participant": party},
        )


def plan_agreed(plan: ActionPlan, parties: list[Participant]) -> None:
    """Every party gets the agreed plan as PDF and Word, the day it is agreed: the stored documents, fetched when
    each e-mail is sent (rendered once, never under the agreement's lock)."""
    attachments = (DocumentAttachment("plan_pdf", str(plan.pk)), DocumentAttachment("plan_docx", str(plan.pk)))
    mediator = plan.case.participants.filter(role=Participant.Role.MEDIATOR).first()
    for party in [*parties, *([mediator] if mediator else [])]:
        email_from_template(
            party.email,
            f"The agreed Action Plan ({plan.case.reference})",
            "plan_agreed",
            {"plan": plan, "case": plan.case, "participant": party},
            attachments,
            notice=statutory_notice(plan.case, "The LA") if party.role in LA_ROLES else None,
        )

