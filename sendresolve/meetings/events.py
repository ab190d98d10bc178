"""Timeline entries about meetings and who attends them (typed constructors, after Saleor's order/events.py)."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.events import record
from sendresolve.cases.models import Case


class MeetingEvent(models.TextChoices):
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
    FAMILY_TOLD_OF_MEETING = "family_told_of_meeting", "The family was told the date and place of the meeting"


def participant_added_event(*, case: Case, actor, who: str):
    return record(case, MeetingEvent.PARTICIPANT_ADDED, actor, who=who)


def attendee_named_event(*, case: Case, actor, who: str):
    return record(case, MeetingEvent.ATTENDEE_NAMED, actor, who=who)


def authority_confirmed_event(*, case: Case, actor, who: str):
    return record(case, MeetingEvent.AUTHORITY_CONFIRMED, actor, who=who)


def attendance_decided_event(*, case: Case, actor, who: str, outcome: str, reason: str):
    return record(case, MeetingEvent.ATTENDANCE_DECIDED, actor, who=who, outcome=outcome, reason=reason)


def child_views_steps_event(*, case: Case, actor):
    return record(case, MeetingEvent.CHILD_VIEWS_STEPS, actor)


def availability_requested_event(*, case: Case, actor, who: str):
    return record(case, MeetingEvent.AVAILABILITY_REQUESTED, actor, who=who)


def availability_given_event(*, case: Case, actor, who: str):
    return record(case, MeetingEvent.AVAILABILITY_GIVEN, actor, who=who)


def short_notice_agreed_event(*, case: Case, actor, on):
    return record(case, MeetingEvent.SHORT_NOTICE_AGREED, actor, on=on.isoformat())


def family_told_event(*, case: Case, actor, on, how: str):
    return record(case, MeetingEvent.FAMILY_TOLD_OF_MEETING, actor, told_on=on.isoformat(), reason=how)


def meeting_booked_event(*, case: Case, actor, start, reason: str = ""):
    return record(case, MeetingEvent.MEETING_BOOKED, actor, start=start.isoformat(), reason=reason)


def meeting_moved_event(*, case: Case, actor, start, party: str, reason: str):
    return record(case, MeetingEvent.MEETING_MOVED, actor, start=start.isoformat(), party=party, reason=reason)


def meeting_cancelled_event(*, case: Case, actor, party: str, reason: str):
    return record(case, MeetingEvent.MEETING_CANCELLED, actor, party=party, reason=reason)


def meeting_held_event(*, case: Case, actor, on):
    return record(case, MeetingEvent.MEETING_HELD, actor, on=on.isoformat())
