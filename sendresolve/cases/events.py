"""The case timeline: one small typed constructor per kind of event (after Saleor's order/events.py)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import models

from sendresolve.cases.models import Case, CaseEvent
from sendresolve.clock.output import long_date
from sendresolve.core.timezones import moment_text


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
    DECISION_CORRECTED = "decision_corrected", "The decision and what is in dispute were corrected"
    PARTY_ADDED = "party_added", "Body added to the case"


# Every event type's timeline label, by value: the case's own, and each app's, registered in its ready().
EVENT_LABELS: dict[str, str] = dict(EventType.choices)


# Parameter name -> the words for each code an event stores in it (a party, an outcome), registered by the app
# that owns the codes; a value with no words (an event from before it stored codes) is shown as it is.
PARAMETER_LABELS: dict[str, dict[str, str]] = {}


def register_event_types(choices: type[models.TextChoices], **parameter_choices: type[models.TextChoices]) -> None:
    EVENT_LABELS.update(choices.choices)
    for name, codes in parameter_choices.items():
        PARAMETER_LABELS.setdefault(name, {}).update(codes.choices)


def _words(parameters: dict, name: str) -> str:
    value = parameters[name]
    return PARAMETER_LABELS.get(name, {}).get(value, value)


def record(case: Case, type_: str, actor, *, staff_only: bool = False, **parameters) -> CaseEvent:
    """The one writer of timeline entries; the typed constructors here and in other apps call it."""
    return CaseEvent.objects.create(case=case, type=type_, actor=actor, staff_only=staff_only, parameters=parameters)


def case_created_event(*, case: Case, actor, contact_method: str) -> CaseEvent:
    return record(case, EventType.CASE_CREATED, actor, contact_method=contact_method)


def adviser_information_event(*, case: Case, actor, given_on, method: str) -> CaseEvent:
    return record(case, EventType.ADVISER_INFORMATION_GIVEN, actor, given_on=given_on.isoformat(), method=method)


def transition_event(*, case: Case, actor, type_: str, on, reason: str = "") -> CaseEvent:
    parameters = {"on": on.isoformat()}
    if reason:
        parameters["reason"] = reason
    return record(case, type_, actor, **parameters)


def notified_event(*, case: Case, actor, type_: str, organisation: str, due) -> CaseEvent:
    return record(case, type_, actor, organisation=organisation, due=due.isoformat() if due else "")


def no_address_event(*, case: Case, actor, organisation: str) -> CaseEvent:
    return record(case, EventType.NO_ADDRESS, actor, staff_only=True, organisation=organisation)


def certificate_issued_event(*, case: Case, actor, number: str, certificate_type: str) -> CaseEvent:
    return record(case, EventType.CERTIFICATE_ISSUED, actor, number=number, certificate_type=certificate_type)


def decision_corrected_event(*, case: Case, actor, was: str, now: str, reason: str) -> CaseEvent:
    return record(case, EventType.DECISION_CORRECTED, actor, who=f"was {was}; now {now}", reason=reason)


def describe(event: CaseEvent) -> str:
    """The event in plain English for the timeline."""
    text = EVENT_LABELS.get(event.type, event.type)
    parameters = event.parameters
    if "organisation" in parameters:
        text += f": {parameters['organisation']}"
    if parameters.get("number"):
        text += f" ({parameters['number']})"
    if parameters.get("who"):
        text += f": {parameters['who']}"
    if parameters.get("result"):
        text += f": {_words(parameters, 'result')}"
    if parameters.get("version"):
        text += f"{',' if parameters.get('who') else ':'} version {parameters['version']}"
    if parameters.get("when"):  # events written before their parameters were data
        text += f", {parameters['when']}"
    if parameters.get("start"):
        text += f", {moment_text(datetime.fromisoformat(parameters['start']))}"
    if parameters.get("told_on"):
        text += f", {long_date(date.fromisoformat(parameters['told_on']))}"
    if parameters.get("party"):
        text += f" (because of: {_words(parameters, 'party')})"
    if parameters.get("outcome"):
        text += f". {parameters['outcome']}"
    if parameters.get("reason"):
        text += f". Reason: {parameters['reason']}"
    return text
