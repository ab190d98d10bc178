"""The case timeline: one small typed constructor per kind of event (after Saleor's order/events.py)."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.models import Case, CaseEvent


class EventType(models.TextChoices):
    CASE_CREATED = "case_created", "Request received"
    ADVISER_INFORMATION_GIVEN = "adviser_information_given", "Mediation adviser gave information"
    CERTIFICATE_REQUESTED = "certificate_requested", "Family does not want mediation: certificate requested"
    NO_CERTIFICATE_NEEDED = "no_certificate_needed", "No certificate needed"
    MEDIATION_REQUESTED = "mediation_requested", "Family asked for mediation"
    LA_NOTIFIED = "la_notified", "Local authority told"
    ICB_NOTIFIED = "icb_notified", "ICB told"
    ARRANGING_STARTED = "arranging_started", "Arranging the meeting"
    UNABLE_TO_ARRANGE = "unable_to_arrange", "Mediation could not be arranged within 30 days"
    WITHDRAWN = "withdrawn", "Family changed its mind"
    CONCLUDED = "concluded", "Mediation concluded"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    PARTIES_AGREED = "parties_agreed", "All parties agreed to take part"
    PARTY_DECLINED = "party_declined", "A party declined to take part"
    CLOSED = "closed", "Case closed"
    NO_ADDRESS = "no_address", "No e-mail address on file: tell them another way"


def _record(case: Case, type_: str, actor, *, staff_only: bool = False, **parameters) -> CaseEvent:
    return CaseEvent.objects.create(case=case, type=type_, actor=actor, staff_only=staff_only, parameters=parameters)


def case_created_event(*, case: Case, actor, contact_method: str) -> CaseEvent:
    return _record(case, EventType.CASE_CREATED, actor, contact_method=contact_method)


def adviser_information_event(*, case: Case, actor, given_on, method: str) -> CaseEvent:
    return _record(case, EventType.ADVISER_INFORMATION_GIVEN, actor, given_on=given_on.isoformat(), method=method)


def transition_event(*, case: Case, actor, type_: str, on, reason: str = "") -> CaseEvent:
    parameters = {"on": on.isoformat()}
    if reason:
        parameters["reason"] = reason
    return _record(case, type_, actor, **parameters)


def notified_event(*, case: Case, actor, type_: str, organisation: str, due) -> CaseEvent:
    return _record(case, type_, actor, organisation=organisation, due=due.isoformat() if due else "")


def no_address_event(*, case: Case, actor, organisation: str) -> CaseEvent:
    return _record(case, EventType.NO_ADDRESS, actor, staff_only=True, organisation=organisation)


def certificate_issued_event(*, case: Case, actor, number: str, certificate_type: str) -> CaseEvent:
    return _record(case, EventType.CERTIFICATE_ISSUED, actor, number=number, certificate_type=certificate_type)


def describe(event: CaseEvent) -> str:
    """The event in plain English for the timeline."""
    text = EventType(event.type).label if event.type in EventType.values else event.type
    parameters = event.parameters
    if "organisation" in parameters:
        text += f": {parameters['organisation']}"
    if parameters.get("number"):
        text += f" ({parameters['number']})"
    if parameters.get("reason"):
        text += f". Reason: {parameters['reason']}"
    return text
