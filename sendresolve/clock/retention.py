"""How long personal data is kept: retention periods and the day (or moment) a record's period ends.

A record is kept while its period runs and goes on the first run on or after the day it ends: 30 days after
1 March is 31 March; 6 years after 29 February 2024 is 28 February 2030 (a year is 12 calendar months, clamped
to the end of a shorter month as `add_months` does). Hours are exact: 24 hours after 10:00 is 10:00 the next day.
The retention sweep asks the other way round: which starts have ended by today (`earliest_kept`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sendresolve.clock.periods import add_months


class RetentionUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


_SINGULAR = {RetentionUnit.HOURS: "hour", RetentionUnit.DAYS: "day", RetentionUnit.MONTHS: "month",
             RetentionUnit.YEARS: "year"}


@dataclass(frozen=True)
class RetentionPeriod:
    amount: int
    unit: RetentionUnit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"A retention period cannot be negative ({self.amount} {self.unit}).")

    @property
    def words(self) -> str:
        """'24 hours', '1 day', '6 years'."""
        if self.amount == 1:
            return f"1 {_SINGULAR[self.unit]}"
        return f"{self.amount} {self.unit.value}"

    @property
    def is_exact(self) -> bool:
        """Counted in hours from a moment, not in calendar days from a date."""
        return self.unit == RetentionUnit.HOURS


def retention_ends(start: date, period: RetentionPeriod) -> date:
    """The day a record dated `start` (kept for a calendar period) goes."""
    if period.unit == RetentionUnit.DAYS:
        return start + timedelta(days=period.amount)
    if period.unit == RetentionUnit.MONTHS:
        return add_months(start, period.amount)
    if period.unit == RetentionUnit.YEARS:
        return add_months(start, 12 * period.amount)
    raise ValueError("An hours period is counted from a moment: use retention_ends_at.")


def retention_ends_at(start: datetime, period: RetentionPeriod) -> datetime:
    """The moment a record made at `start` goes (hours only)."""
    if period.unit != RetentionUnit.HOURS:
        raise ValueError("A calendar period is counted from a date: use retention_ends.")
    return start + timedelta(hours=period.amount)


def earliest_kept(today: date, period: RetentionPeriod) -> date:
    """The earliest start date whose record is still kept today: every record dated before it has gone
    (`retention_ends(start) <= today`). The inverse of `retention_ends`, exact at month ends."""
    if period.unit == RetentionUnit.HOURS:
        raise ValueError("An hours period is counted from a moment: use earliest_kept_at.")
    one_day = timedelta(days=1)
    start = today - timedelta(days=period.amount) if period.unit == RetentionUnit.DAYS else add_months(
        today, -period.amount * (12 if period.unit == RetentionUnit.YEARS else 1))
    # add_months clamps, so the first guess may be a day or two out either way at month ends: settle it.
    while retention_ends(start, period) <= today:
        start += one_day
    while retention_ends(start - one_day, period) > today:
        start -= one_day
    return start


def gone_up_to(now: datetime, period: RetentionPeriod) -> datetime:
    """The latest moment whose record has gone by `now` (hours only): everything made at or before it
    (`retention_ends_at(start) <= now`)."""
    if period.unit != RetentionUnit.HOURS:
        raise ValueError("A calendar period is counted from a date: use earliest_kept.")
    return now - timedelta(hours=period.amount)
