"""The dates of billing: a month's first and last day, the financial year an invoice falls in, when it is due, and
whether a meeting was cancelled late (issue 14; ADR 23). Pure Python, like the rest of the clock.

- An invoice covers calendar months; the monthly draft covers the month before the one it is drafted in.
- The UK public sector's financial year (and most providers') runs 1 April to 31 March; an invoice's records are
  kept for a number of years after the end of the financial year it was issued in.
- An invoice is due a number of calendar days after it is issued (the contract's payment terms), not moved off a
  weekend: payment terms count calendar days.
- A meeting is cancelled or moved "late" when fewer than the contract's number of clear working days lie between
  the day of the change and the day of the meeting (days strictly between them, as `working_days_between` counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendresolve.clock.calendar import WorkingCalendar
from sendresolve.clock.periods import add_months, days_in_month

FINANCIAL_YEAR_ENDS = (3, 31)  # 31 March


@dataclass(frozen=True)
class Month:
    first: date
    last: date

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"


def month_of(day: date) -> Month:
    return Month(day.replace(day=1), day.replace(day=days_in_month(day.year, day.month)))


def month_before(day: date) -> Month:
    """The calendar month before the one `day` is in."""
    return month_of(add_months(day.replace(day=1), -1))


def months_between(first: date, last: date) -> list[Month]:
    """Every calendar month that ends on or before `last`, from the one `first` is in (whole months only)."""
    months, month = [], month_of(first)
    while month.last <= last:
        months.append(month)
        month = month_of(add_months(month.first, 1))
    return months


def financial_year_end(day: date) -> date:
    """The 31 March on or after `day`."""
    month, last = FINANCIAL_YEAR_ENDS
    end = date(day.year, month, last)
    return end if day <= end else date(day.year + 1, month, last)


def payment_due(issued_on: date, terms_days: int) -> date:
    if terms_days < 0:
        raise ValueError("Payment terms cannot be negative.")
    return issued_on + timedelta(days=terms_days)


def changed_late(changed_on: date, meeting_on: date, clear_working_days: int, calendar: WorkingCalendar) -> bool:
    """Whether a change made on `changed_on` to a meeting on `meeting_on` left fewer than `clear_working_days`
    working days between the two (a change on the day of the meeting, or after it, is always late)."""
    if changed_on >= meeting_on:
        return True
    return calendar.working_days_between(changed_on, meeting_on) < clear_working_days
