"""Meeting reminders, 5 working days and 1 working day before: each sent once per version of the meeting,
however often the worker's sweep runs, and not at all if the invitation itself went out that late."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from sendresolve.cases.calendar import service_calendar
from sendresolve.meetings import notices
from sendresolve.meetings.models import Invitee, Meeting, Reminder
from sendresolve.meetings.selectors import local_time

# (kind, working days before the meeting, how the e-mail puts it)
REMINDERS = (("5_working_days", 5, "in 5 working days"), ("1_working_day", 1, "on the next working day"))


def meetings_send_reminders(*, today: date | None = None) -> int:
    """Sends every reminder that is due; returns how many meetings were reminded. A fixed number of queries."""
    today = today or timezone.localdate()
    calendar = service_calendar()
    # No meeting later than this can have a reminder due yet.
    horizon = calendar.working_days_after(today, max(days for _, days, _ in REMINDERS) + 1)
    meetings = list(Meeting.objects.filter(status=Meeting.Status.BOOKED, start__gte=timezone.now(),
                                           start__date__lt=horizon)
                    .select_related("case")
                    .prefetch_related(Prefetch("invitees", queryset=Invitee.objects.select_related("participant"))))
    sent = set(Reminder.objects.filter(meeting__in=meetings).values_list("meeting_id", "kind", "sequence"))
    reminded = 0
    for meeting in meetings:
        meeting_day = local_time(meeting.start).date()
        due = [(calendar.working_days_before(meeting_day, days), kind, text) for kind, days, text in REMINDERS]
        due = [reminder for reminder in due if reminder[0] <= today]
        if not due:
            continue
        # Only the nearest reminder that is due: it replaces any earlier one missed (a meeting moved closer).
        reminder_day, kind, days_text = max(due)
        told_on = meeting.case.mediation_notice_given
        if (meeting.pk, kind, meeting.sequence) in sent or (told_on is not None and told_on >= reminder_day):
            continue  # sent already, or the invitation itself came this late: a reminder would only repeat it
        with transaction.atomic():
            _, created = Reminder.objects.get_or_create(meeting=meeting, kind=kind, sequence=meeting.sequence)
            if created:
                notices.reminder(meeting, list(meeting.invitees.all()), days_text=days_text)
                reminded += 1
    return reminded
