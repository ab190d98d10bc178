"""The dates of a family's expense claim: the last day to claim, and the day the paying body aims to decide by.

A claim may be made up to `window_days` calendar days after the meeting (or the cancelled meeting's date): 90 days
after 1 March is 30 May, the last day to claim. The decision is aimed at `working_days` working days after the
claim was sent, on the service's calendar (a service level, not a statutory limit).
"""

from __future__ import annotations

from datetime import date, timedelta

from sendresolve.clock.calendar import WorkingCalendar


def claim_window_ends(meeting_day: date, window_days: int) -> date:
    """The last day a cost of the meeting on `meeting_day` can be claimed."""
    if window_days < 0:
        raise ValueError(f"A claim window cannot be negative ({window_days} days).")
    return meeting_day + timedelta(days=window_days)


def decision_due(sent_on: date, working_days: int, calendar: WorkingCalendar) -> date:
    """The day the paying body aims to have decided a claim sent on `sent_on`."""
    return calendar.working_days_after(sent_on, working_days)
