"""Timeline entries about who mediates a case (typed constructors, after Saleor's order/events.py)."""

from __future__ import annotations

from sendresolve.cases.events import EventType, record
from sendresolve.cases.models import Case


def mediator_allocated_event(*, case: Case, actor, mediator: str):
    return record(case, EventType.MEDIATOR_ALLOCATED, actor, who=mediator)


def mediator_declared_independent_event(*, case: Case, actor, mediator: str):
    return record(case, EventType.MEDIATOR_DECLARED_INDEPENDENT, actor, who=mediator)


# A conflict's details and a party's objection are for the service's staff: the other parties learn the decision.
def mediator_conflict_event(*, case: Case, actor, mediator: str, reason: str):
    return record(case, EventType.MEDIATOR_CONFLICT, actor, staff_only=True, who=mediator, reason=reason)


def mediator_objection_event(*, case: Case, actor, party: str, reason: str):
    return record(case, EventType.MEDIATOR_OBJECTION, actor, staff_only=True, who=party, reason=reason)


def mediator_objection_decided_event(*, case: Case, actor, outcome: str, reason: str):
    return record(case, EventType.MEDIATOR_OBJECTION_DECIDED, actor, outcome=outcome, reason=reason)
