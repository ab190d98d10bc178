"""Timeline entries about the Action Plan, the outcome and the follow-up (typed constructors)."""

from __future__ import annotations

from sendresolve.cases.events import EventType, record
from sendresolve.cases.models import Case


def plan_saved_event(*, case: Case, actor, version: int):
    return record(case, EventType.PLAN_SAVED, actor, who=f"version {version}")


def plan_sent_event(*, case: Case, actor, version: int):
    return record(case, EventType.PLAN_SENT, actor, who=f"version {version}")


def plan_agreed_by_party_event(*, case: Case, actor, who: str, version: int):
    return record(case, EventType.PLAN_AGREED_BY_PARTY, actor, who=f"{who}, version {version}")


def plan_agreed_event(*, case: Case, actor, version: int, on):
    return record(case, EventType.PLAN_AGREED, actor, who=f"version {version}", on=on.isoformat())


def outcome_recorded_event(*, case: Case, actor, outcome: str, reason: str):
    return record(case, EventType.OUTCOME_RECORDED, actor, who=outcome, reason=reason)


def duty_event(*, case: Case, actor, type_: str, what: str, reason: str = ""):
    return record(case, type_, actor, who=what, reason=reason)


def la_told_event(*, case: Case, actor, on):
    return record(case, EventType.LA_TOLD_OF_AGREEMENT, actor, on=on.isoformat())
