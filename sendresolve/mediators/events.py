"""Timeline entries about who mediates a case (typed constructors, after Saleor's order/events.py)."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.events import record
from sendresolve.cases.models import Case


class MediatorEvent(models.TextChoices):
    MEDIATOR_ALLOCATED = "mediator_allocated", "Mediator allocated"
    MEDIATOR_DECLARED_INDEPENDENT = "mediator_declared_independent", "Mediator declared they are independent"
    MEDIATOR_CONFLICT = "mediator_conflict", "Mediator declared a conflict: to be re-allocated"
    MEDIATOR_OBJECTION = "mediator_objection", "Objection to the mediator"
    MEDIATOR_OBJECTION_DECIDED = "mediator_objection_decided", "Decision on the objection to the mediator"


def mediator_allocated_event(*, case: Case, actor, mediator: str):
    return record(case, MediatorEvent.MEDIATOR_ALLOCATED, actor, who=mediator)


def mediator_declared_independent_event(*, case: Case, actor, mediator: str):
    return record(case, MediatorEvent.MEDIATOR_DECLARED_INDEPENDENT, actor, who=mediator)


# A conflict's details and a party's objection are for the service's staff: the other parties learn the decision.
def mediator_conflict_event(*, case: Case, actor, mediator: str, reason: str):
    return record(case, MediatorEvent.MEDIATOR_CONFLICT, actor, staff_only=True, who=mediator, reason=reason)


def mediator_objection_event(*, case: Case, actor, party: str, reason: str):
    return record(case, MediatorEvent.MEDIATOR_OBJECTION, actor, staff_only=True, who=party, reason=reason)


def mediator_objection_decided_event(*, case: Case, actor, outcome: str, reason: str):
    return record(case, MediatorEvent.MEDIATOR_OBJECTION_DECIDED, actor, outcome=outcome, reason=reason)
