"""A case whose meeting was held, ready for its Action Plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.meetings import booking, people
from sendresolve.meetings.models import Meeting
from sendresolve.meetings.scheduling import LONDON
from tests.meetings.conftest import make_ready


def hold_meeting(ready):
    earliest, _ = case_meeting_window(ready.case, told_on=timezone.localdate())
    meeting = booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                                   start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(hours=3),
                                                 end=timezone.now() - timedelta(minutes=5))
    booking.meeting_record_held(acting_user=ready.mediator.user, case=ready.case, held_on=timezone.localdate())
    # The child did not attend: the mediator records how their views were heard (legal review L12).
    people.child_views_record(acting_user=ready.mediator.user, case=ready.case,
                              steps="Sam's teacher brought his written views, which were read out")
    ready.case.refresh_from_db()
    return ready


@pytest.fixture
def held(db):
    ready = make_ready()
    ready.la.contact_email = "sen.contact@northshire.example.test"
    ready.la.save()
    return hold_meeting(ready)
