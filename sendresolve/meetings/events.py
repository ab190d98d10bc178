"""Timeline entries about meetings and who attends them (typed constructors, after Saleor's order/events.py)."""

from __future__ import annotations

from sendresolve.cases.events import EventType, record
from sendresolve.cases.models import Case


def participant_added_event(*, case: Case, actor, who: str):
    return record(case, EventType.PARTICIPANT_ADDED, actor, who=who)


def attendee_named_event(*, case: Case, actor, who: str):
    return record(case, EventType.ATTENDEE_NAMED, actor, who=who)


def authority_confirmed_event(*, case: Case, actor, who: str):
    return record(case, EventType.AUTHORITY_CONFIRMED, actor, who=who)


def attendance_decided_event(*, case: Case, actor, who: str, outcome: str, reason: str):
    return record(case, EventType.ATTENDANCE_DECIDED, actor, who=who, outcome=outcome, reason=reason)


def child_views_steps_event(*, case: Case, actor):
    return record(case, EventType.CHILD_VIEWS_STEPS, actor)


def availability_requested_event(*, case: Case, actor, who: str):
    return record(case, EventType.AVAILABILITY_REQUESTED, actor, who=who)


def availability_given_event(*, case: Case, actor, who: str):
    return record(case, EventType.AVAILABILITY_GIVEN, actor, who=who)


def short_notice_agreed_event(*, case: Case, actor, on):
    return record(case, EventType.SHORT_NOTICE_AGREED, actor, on=on.isoformat())


def family_told_event(*, case: Case, actor, on, how: str):
    return record(case, EventType.FAMILY_TOLD_OF_MEETING, actor, when=f"{on:%-d %B %Y}", reason=how)


def meeting_booked_event(*, case: Case, actor, when: str, reason: str = ""):
    return record(case, EventType.MEETING_BOOKED, actor, when=when, reason=reason)


def meeting_moved_event(*, case: Case, actor, when: str, party: str, reason: str):
    return record(case, EventType.MEETING_MOVED, actor, when=when, party=party, reason=reason)


def meeting_cancelled_event(*, case: Case, actor, party: str, reason: str):
    return record(case, EventType.MEETING_CANCELLED, actor, party=party, reason=reason)


def meeting_held_event(*, case: Case, actor, on):
    return record(case, EventType.MEETING_HELD, actor, on=on.isoformat())
