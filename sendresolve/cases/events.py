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
    MEDIATOR_ALLOCATED = "mediator_allocated", "Mediator allocated"
    MEDIATOR_DECLARED_INDEPENDENT = "mediator_declared_independent", "Mediator declared they are independent"
    MEDIATOR_CONFLICT = "mediator_conflict", "Mediator declared a conflict: to be re-allocated"
    MEDIATOR_OBJECTION = "mediator_objection", "Objection to the mediator"
    MEDIATOR_OBJECTION_DECIDED = "mediator_objection_decided", "Decision on the objection to the mediator"
    ATTENDEE_NAMED = "attendee_named", "Attendee named"
    AUTHORITY_CONFIRMED = "authority_confirmed", "Authority to settle confirmed in writing"
    PARTICIPANT_ADDED = "participant_added", "Person added"
    ATTENDANCE_DECIDED = "attendance_decided", "Decision on who may attend"
    CHILD_VIEWS_STEPS = "child_views_steps", "Steps to get the child's views recorded"
    AVAILABILITY_REQUESTED = "availability_requested", "Availability asked for"
    AVAILABILITY_GIVEN = "availability_given", "Availability given"
    SHORT_NOTICE_AGREED = "short_notice_agreed", "Family agreed to less than 5 working days' notice"
    MEETING_BOOKED = "meeting_booked", "Meeting booked: invitations sent"
    MEETING_MOVED = "meeting_moved", "Meeting moved: updated invitations sent"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancelled"
    MEETING_HELD = "meeting_held", "Meeting held"
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
    DECISION_CORRECTED = "decision_corrected", "The decision and what is in dispute were corrected"
    PARTY_ADDED = "party_added", "Body added to the case"
    FAMILY_TOLD_OF_MEETING = "family_told_of_meeting", "The family was told the date and place of the meeting"
    RECEIPT_REMINDED = "receipt_reminded", "Reminded to confirm they have the agreed Action Plan"


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
    text = EventType(event.type).label if event.type in EventType.values else event.type
    parameters = event.parameters
    if "organisation" in parameters:
        text += f": {parameters['organisation']}"
    if parameters.get("number"):
        text += f" ({parameters['number']})"
    if parameters.get("who"):
        text += f": {parameters['who']}"
    if parameters.get("when"):
        text += f", {parameters['when']}"
    if parameters.get("party"):
        text += f" (because of: {parameters['party']})"
    if parameters.get("outcome"):
        text += f". {parameters['outcome']}"
    if parameters.get("reason"):
        text += f". Reason: {parameters['reason']}"
    return text
