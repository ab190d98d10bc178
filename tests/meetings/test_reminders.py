"""Reminders go out 5 working days and 1 working day before the meeting, once each per version of it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from sendresolve.clock import default_calendar
from sendresolve.meetings import booking
from sendresolve.meetings.models import MeetingChange
from sendresolve.meetings.reminders import meetings_send_reminders
from sendresolve.meetings.scheduling import LONDON
from sendresolve.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db
CALENDAR = default_calendar()


def reminders() -> list[str]:
    return list(OutboundEmail.objects.filter(subject__startswith="Reminder").values_list("to", flat=True))


def test_each_reminder_goes_out_once_on_its_working_day(ready):
    day = CALENDAR.working_days_after(timezone.localdate(), 15)
    meeting = booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                                   start=datetime.combine(day, time(10), tzinfo=LONDON))
    invited = sorted(meeting.invitees.values_list("participant__email", flat=True))
    five_before, one_before = CALENDAR.working_days_before(day, 5), CALENDAR.working_days_before(day, 1)
    assert meetings_send_reminders(today=five_before - timedelta(days=1)) == 0
    assert meetings_send_reminders(today=five_before) == 1
    assert sorted(reminders()) == invited
    assert meetings_send_reminders(today=five_before) == 0  # the sweep runs every few seconds
    assert meetings_send_reminders(today=one_before) == 1
    assert len(reminders()) == 2 * len(invited)
    body = OutboundEmail.objects.filter(subject__contains="next working day").first().body_text
    assert meeting.video_link in body

    booking.meeting_move(acting_user=ready.officer, meeting=meeting, party=MeetingChange.Party.LA, reason="Clash",
                         start=datetime.combine(day, time(14), tzinfo=LONDON))
    assert meetings_send_reminders(today=one_before) == 1  # the moved meeting is a new version
    assert meetings_send_reminders(today=one_before) == 0


def test_no_reminder_repeats_an_invitation_sent_that_late(ready):
    day = CALENDAR.working_days_after(timezone.localdate(), 3)
    booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                         start=datetime.combine(day, time(10), tzinfo=LONDON),
                         short_notice_agreed_on=timezone.localdate())
    assert meetings_send_reminders(today=timezone.localdate()) == 0
    assert meetings_send_reminders(today=CALENDAR.working_days_before(day, 1)) == 1
