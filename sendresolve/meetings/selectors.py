"""Reads about meetings. The meeting itself (its link, who is coming) is for the people invited to it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sendresolve.accounts.models import User
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import Case, Participant
from sendresolve.meetings.attendance import required_roles
from sendresolve.meetings.models import AvailabilityAnswer, AvailabilityRequest, Invitee, Meeting
from sendresolve.meetings.scheduling import LONDON, Proposal, Slot, propose_slots, session_slots


def sessions() -> list[tuple[time, time]]:
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in settings.MEETING_SESSIONS]


def meeting_length() -> timedelta:
    start, end = sessions()[0]
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


def working_days(first: date, last: date) -> list[date]:
    calendar = service_calendar()
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def offered_slots(request: AvailabilityRequest) -> list[Slot]:
    """The sessions people are asked about: each working day of the round's window."""
    return session_slots(working_days(request.first_day, request.last_day), sessions())


def registered_free(participant: Participant, offered: list[Slot]) -> list[Slot]:
    """The offered sessions the person registered as free on the mediators' register, when the person is a mediator
    (one query): so the mediator is not asked again for times the service already has."""
    from sendresolve.mediators.models import AvailabilitySlot

    if participant.role != Participant.Role.MEDIATOR or participant.user_id is None or not offered:
        return []
    free = list(AvailabilitySlot.objects.filter(
        mediator__user_id=participant.user_id, start__lt=offered[-1].end, end__gt=offered[0].start,
    ).values_list("start", "end"))
    return [slot for slot in offered if any(start <= slot.start and slot.end <= end for start, end in free)]


def current_meeting(case: Case) -> Meeting | None:
    """The meeting booked (or held) for the case; a cancelled one is history."""
    return case.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("-booked_at").first()


def current_request(case: Case) -> AvailabilityRequest | None:
    return case.availability_requests.filter(closed_at__isnull=True).first()


def request_answers(request: AvailabilityRequest) -> list[AvailabilityAnswer]:
    return list(request.answers.select_related("participant", "participant__user"))


def answer_slots(answer: AvailabilityAnswer) -> list[Slot]:
    return [Slot(datetime.fromisoformat(start), datetime.fromisoformat(end)) for start, end in answer.slots]


def answer_for(user: User, request: AvailabilityRequest) -> AvailabilityAnswer:
    """The signed-in person's own answer to the round, or 404 if they were not asked."""
    answer = request.answers.filter(participant__user=user).select_related("participant").first()
    if answer is None:
        raise Http404("You were not asked for availability on this case")
    return answer


def proposals(case: Case, request: AvailabilityRequest, answers: list[AvailabilityAnswer], *,
              earliest: date, limit: int = 3) -> tuple[list[Proposal], list[str]]:
    """The earliest sessions every required person can make, and who the proposal still waits for."""
    required = {need.role for need in required_roles(case)}
    waiting = [answer.participant.name for answer in answers
               if answer.participant.role in required and answer.answered_at is None]
    asked_roles = {answer.participant.role for answer in answers}
    waiting += [Participant.Role(role).label for role in sorted(required - asked_roles)]
    if waiting:
        return [], waiting
    availability = {answer.participant_id: answer_slots(answer) for answer in answers
                    if answer.participant.role in required}
    found = propose_slots(availability=availability, duration=meeting_length(), earliest_date=earliest,
                          window_end=request.last_day, limit=limit)
    return found, []


def invitation_of(user: User, meeting: Meeting) -> Invitee | None:
    if not user.is_authenticated:
        return None
    return meeting.invitees.filter(participant__user=user).select_related("participant").first()


def meeting_for_invitee(user: User, case: Case) -> tuple[Meeting, Invitee]:
    """The case's meeting for someone invited to it; anyone else gets 404, as if there were none."""
    meeting = current_meeting(case)
    invitation = invitation_of(user, meeting) if meeting is not None else None
    if invitation is None:
        raise Http404("No meeting you are invited to")
    return meeting, invitation


def meeting_invitees(meeting: Meeting) -> list[Invitee]:
    return list(meeting.invitees.select_related("participant", "participant__organisation"))


def local_time(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


_CASE_WORKERS = frozenset({"case_officer", "service_manager", "administrator"})


def case_meeting_panel(user: User, case: Case) -> dict:
    """What the case page shows each person about the meeting, and the links they have: a fixed number of
    queries."""
    from sendresolve.mediators.selectors import active_allocation, is_allocated_mediator
    from sendresolve.mediators.services import objecting_party
    from sendresolve.meetings.people import naming_body

    meeting = current_meeting(case)
    allocation = active_allocation(case)
    round_ = current_request(case)
    try:
        body = naming_body(user, case)
    except PermissionDenied:
        body = None
    try:
        party = objecting_party(user, case)
    except PermissionDenied:
        party = None
    # A family with no e-mail address is told the date and place another way, and staff record it (T5).
    family_to_tell = (meeting is not None and meeting.status == Meeting.Status.BOOKED
                      and case.mediation_notice_given is None and bool(user_access(user).roles & _CASE_WORKERS))
    return {
        "meeting": meeting,
        "meeting_start": local_time(meeting.start) if meeting else None,
        "invited": meeting is not None and invitation_of(user, meeting) is not None,
        "asked": round_ is not None and round_.answers.filter(participant__user=user).exists(),
        "naming_body": body,
        # An objection is about who will mediate: once the meeting has been held it is too late.
        "can_object": party is not None and allocation is not None and case.state in ("arranging", "meeting_booked",
                                                                                       "mediation_requested",
                                                                                       "parties_agreed"),
        "allocation": allocation,
        "is_mediator": is_allocated_mediator(user, case),
        "family_to_tell": family_to_tell,
        "family_told_form": _family_told_form() if family_to_tell else None,
    }


def _family_told_form():
    from sendresolve.meetings.forms import FamilyToldForm

    return FamilyToldForm()
