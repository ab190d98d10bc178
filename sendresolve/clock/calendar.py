"""Working days in England and Wales.

A working day is any day except Saturday, Sunday, Christmas Day, Good Friday and the bank holidays of
England and Wales (send-rules.md 4.1). Bank holidays come from the `holidays` package; one-off days
announced after a release are added through overrides, which the web app keeps in its database.

All arithmetic is done on proleptic Gregorian ordinals over a precomputed span of years: a cumulative
count of working days turns "the Nth working day after X" into two list look-ups instead of a loop over
days, which is what keeps the `deadlines` command close to the speed of plain JSON parsing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import accumulate

import holidays

FIRST_YEAR = 1990
LAST_YEAR = 2100


class DateOutOfRange(ValueError):
    """A date the calendar does not cover."""


class WorkingCalendar:
    """England and Wales working days between FIRST_YEAR and LAST_YEAR, with overrides.

    `extra_holidays` are days that are not working days although the package does not list them (a
    newly proclaimed bank holiday); `cancelled_holidays` are listed days that are working days after all
    (a holiday moved by proclamation before the package caught up).
    """

    def __init__(
        self,
        *,
        extra_holidays: Iterable[date] = (),
        cancelled_holidays: Iterable[date] = (),
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.first_ordinal = date(first_year, 1, 1).toordinal()
        self.last_ordinal = date(last_year, 12, 31).toordinal()

        listed = holidays.UK(subdiv="ENG", years=range(first_year, last_year + 1))
        non_working = {d.toordinal() for d in listed}
        non_working |= {d.toordinal() for d in extra_holidays}
        non_working -= {d.toordinal() for d in cancelled_holidays}
        self.holiday_names = {d: name for d, name in listed.items()}
        self.extra_holidays = frozenset(extra_holidays)
        self.cancelled_holidays = frozenset(cancelled_holidays)

        is_working = []
        for ordinal in range(self.first_ordinal, self.last_ordinal + 1):
            # Ordinal 1 (0001-01-01) was a Monday, so (ordinal - 1) % 7 is the ISO weekday minus one.
            weekday = (ordinal - 1) % 7
            is_working.append(weekday < 5 and ordinal not in non_working)
        self._is_working = is_working
        # _count_through[i]: working days from first_ordinal up to and including first_ordinal + i.
        self._count_through = list(accumulate(int(flag) for flag in is_working))
        self._working_ordinals = [
            self.first_ordinal + offset for offset, flag in enumerate(is_working) if flag
        ]
        # Results that depend only on this calendar, a rule and a date (see clock.deadlines).
        self.memo: defaultdict[object, dict] = defaultdict(dict)

    MAX_REMEMBERED = 100_000  # per memo table: bounds memory whatever the input

    def remember(self, key: object, day: object, value: object) -> None:
        table = self.memo[key]
        if len(table) >= self.MAX_REMEMBERED:
            table.clear()
        table[day] = value

    # -- queries on single days -------------------------------------------------------------------

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def _offset(self, ordinal: int) -> int:
        offset = ordinal - self.first_ordinal
        if offset < 0 or ordinal > self.last_ordinal:
            raise DateOutOfRange(
                f"dates before {self.first_year} or after {self.last_year} are outside the working-day calendar"
            )
        return offset

    def is_working_day(self, day: date) -> bool:
        return self._is_working[self._offset(day.toordinal())]

    def is_working_ordinal(self, ordinal: int) -> bool:
        return self._is_working[self._offset(ordinal)]

    def non_working_reason(self, day: date) -> str | None:
        """Why a day is not a working day, in words; None for a working day."""
        if self.is_working_day(day):
            return None
        if day in self.extra_holidays:
            return "a bank holiday"
        if day.weekday() >= 5:
            return "weekend"
        name = self.holiday_names.get(day)
        return name or "a bank holiday"

    # -- arithmetic on ordinals (the hot path) ------------------------------------------------------

    def working_days_after_ordinal(self, ordinal: int, count: int) -> int:
        """The `count`th working day after `ordinal`, the start day excluded."""
        already = self._count_through[self._offset(ordinal)]
        index = already + count - 1
        if index >= len(self._working_ordinals):
            raise DateOutOfRange(f"the result would be after {self.last_year}")
        return self._working_ordinals[index]

    def working_days_before_ordinal(self, ordinal: int, count: int) -> int:
        """The `count`th working day before `ordinal`, the end day excluded."""
        before = self._count_through[self._offset(ordinal)] - int(self._is_working[ordinal - self.first_ordinal])
        index = before - count
        if index < 0:
            raise DateOutOfRange(f"the result would be before {self.first_year}")
        return self._working_ordinals[index]

    def next_working_ordinal(self, ordinal: int) -> int:
        """`ordinal` itself when it is a working day, otherwise the next working day."""
        if self._is_working[self._offset(ordinal)]:
            return ordinal
        return self.working_days_after_ordinal(ordinal, 1)

    def previous_working_ordinal(self, ordinal: int) -> int:
        """The last working day strictly before `ordinal`."""
        return self.working_days_before_ordinal(ordinal, 1)

    def working_days_between_ordinals(self, start: int, end: int) -> int:
        """Working days strictly between two ordinals (start < end)."""
        return self._count_through[self._offset(end - 1)] - self._count_through[self._offset(start)]

    # -- the same on dates, for callers outside the hot path ----------------------------------------

    def working_days_after(self, day: date, count: int) -> date:
        return date.fromordinal(self.working_days_after_ordinal(day.toordinal(), count))

    def working_days_before(self, day: date, count: int) -> date:
        return date.fromordinal(self.working_days_before_ordinal(day.toordinal(), count))

    def next_working_day(self, day: date) -> date:
        return date.fromordinal(self.next_working_ordinal(day.toordinal()))

    def previous_working_day(self, day: date) -> date:
        return date.fromordinal(self.previous_working_ordinal(day.toordinal()))

    def working_days_between(self, start: date, end: date) -> int:
        return self.working_days_between_ordinals(start.toordinal(), end.toordinal())

    def non_working_days(self, start: date, end: date) -> list[date]:
        """Every non-working weekday from start to end inclusive (bank holidays and overrides)."""
        days = []
        day = start
        while day <= end:
            if day.weekday() < 5 and not self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


_default: WorkingCalendar | None = None


def default_calendar() -> WorkingCalendar:
    """The shared calendar with no overrides (built once per process: about a quarter of a second)."""
    global _default
    if _default is None:
        _default = WorkingCalendar()
    return _default
