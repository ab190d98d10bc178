"""Issue 11: each app owns its event types (registered with the timeline), and events carry data (a version
number, an ISO start), worded only when the timeline is shown."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone

from sendresolve.agreements.events import AgreementEvent
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.events import EVENT_LABELS, EventType, describe
from sendresolve.cases.models import CaseEvent
from sendresolve.core.timezones import LONDON
from sendresolve.mediators.events import MediatorEvent
from sendresolve.meetings import booking
from sendresolve.meetings.events import MeetingEvent
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import draft
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


def test_every_app_s_event_types_have_a_timeline_label_and_none_clash():
    owned = [*EventType.values, *MeetingEvent.values, *MediatorEvent.values, *AgreementEvent.values]
    assert len(owned) == len(set(owned))
    assert set(owned) <= set(EVENT_LABELS)


def test_a_booking_stores_its_start_as_data_and_the_timeline_words_it():
    ready = make_ready()
    earliest, _ = case_meeting_window(ready.case, told_on=timezone.localdate())
    start = datetime.combine(earliest, time(10), tzinfo=LONDON)
    booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(), start=start)
    event = CaseEvent.objects.get(case=ready.case, type=MeetingEvent.MEETING_BOOKED)
    assert datetime.fromisoformat(event.parameters["start"]) == start
    assert describe(event) == f"Meeting booked: invitations sent, {earliest.day} {earliest:%B %Y} at 10am"


def test_plan_versions_are_numbers():
    held = hold_meeting(make_ready())
    draft(held)
    event = CaseEvent.objects.get(case=held.case, type=AgreementEvent.PLAN_SAVED)
    assert event.parameters["version"] == 1
    assert describe(event) == "Action Plan draft saved: version 1"


def test_events_written_before_parameters_were_data_still_read():
    old = CaseEvent(type=MeetingEvent.MEETING_BOOKED, parameters={"when": "14 December 2026, 10:00"})
    assert describe(old) == "Meeting booked: invitations sent, 14 December 2026, 10:00"


def test_codes_are_stored_and_worded_by_the_app_that_owns_them():
    from sendresolve.agreements.outcomes import case_record_outcome

    held = hold_meeting(make_ready())
    case_record_outcome(acting_user=held.mediator.user, case=held.case, outcome="not_agreed",
                        concluded_on=timezone.localdate())
    event = CaseEvent.objects.get(case=held.case, type=AgreementEvent.OUTCOME_RECORDED)
    assert event.parameters["result"] == "not_agreed"
    assert describe(event) == "Outcome recorded: Not agreed"
    cancelled = CaseEvent(type=MeetingEvent.MEETING_CANCELLED, parameters={"party": "la", "reason": "Officer ill"})
    assert describe(cancelled) == "Meeting cancelled (because of: The local authority). Reason: Officer ill"
    older = CaseEvent(type=MeetingEvent.MEETING_CANCELLED, parameters={"party": "The local authority"})
    assert describe(older) == "Meeting cancelled (because of: The local authority)"
