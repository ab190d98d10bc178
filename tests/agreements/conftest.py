"""A case whose meeting was held, ready for its Action Plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.meetings import booking
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
    ready.case.refresh_from_db()
    return ready


@pytest.fixture
def held(db):
    ready = make_ready()
    ready.la.contact_email = "sen.contact@northshire.example.test"
    ready.la.save()
    return hold_meeting(ready)
