"""Timeline entries about the Action Plan, the outcome and the follow-up (typed constructors)."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.events import record
from sendresolve.cases.models import Case


class AgreementEvent(models.TextChoices):
    PLAN_SAVED = "plan_saved", "Action Plan draft saved"
    PLAN_SENT = "plan_sent", "Action Plan sent to the parties to agree"
    PLAN_AGREED_BY_PARTY = "plan_agreed_by_party", "Action Plan agreed"
    PLAN_AGREED = "plan_agreed", "Action Plan agreed by every party: the mediation agreement"
    OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
    DUTY_DONE = "duty_done", "Agreed action done"
    DUTY_NEW_DATE_ASKED = "duty_new_date_asked", "New date asked for an agreed action"
    DUTY_NEW_DATE_ANSWERED = "duty_new_date_answered", "The family answered about a new date"
    DUTY_NOT_HAPPENED = "duty_not_happened", "The family says an agreed action has not happened"
    LA_TOLD_OF_AGREEMENT = "la_told_of_agreement", "The ICB told the LA of the agreement"
    DUTY_ESCALATED = "duty_escalated", "Overdue action escalated to the LA"
    RECEIPT_REMINDED = "receipt_reminded", "Reminded to confirm they have the agreed Action Plan"


def plan_saved_event(*, case: Case, actor, version: int):
    return record(case, AgreementEvent.PLAN_SAVED, actor, version=version)


def plan_sent_event(*, case: Case, actor, version: int):
    return record(case, AgreementEvent.PLAN_SENT, actor, version=version)


def plan_agreed_by_party_event(*, case: Case, actor, who: str, version: int):
    return record(case, AgreementEvent.PLAN_AGREED_BY_PARTY, actor, who=who, version=version)


def plan_agreed_event(*, case: Case, actor, version: int, on):
    return record(case, AgreementEvent.PLAN_AGREED, actor, version=version, on=on.isoformat())


def outcome_recorded_event(*, case: Case, actor, outcome: str, reason: str):
    return record(case, AgreementEvent.OUTCOME_RECORDED, actor, result=outcome, reason=reason)


def duty_event(*, case: Case, actor, type_: str, what: str, reason: str = ""):
    return record(case, type_, actor, who=what, reason=reason)


def la_told_event(*, case: Case, actor, on):
    return record(case, AgreementEvent.LA_TOLD_OF_AGREEMENT, actor, on=on.isoformat())
