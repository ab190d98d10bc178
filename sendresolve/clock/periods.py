"""Calendar periods and the Tribunal's adjustment (send-rules.md 4.3 to 4.5).

Calendar-day, week and month periods exclude the start day and never move off a weekend or holiday;
only the appeal deadline (T9) is moved, by the Tribunal's own rule.
"""

from __future__ import annotations

from datetime import date

from sendresolve.clock.calendar import WorkingCalendar

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """The corresponding date `months` later, clamped to the last day of a shorter month.

    Dodds v Walker [1981]: 31 December + 2 months is 28 (or 29) February, and the period is not
    reversible (28 February + 1 month is 28 March).
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def add_months_ordinal(ordinal: int, months: int) -> int:
    return add_months(date.fromordinal(ordinal), months).toordinal()


def tribunal_adjusted_ordinal(ordinal: int, calendar: WorkingCalendar) -> int:
    """HESC rule 12(3)(a) then 12(2): the day by which an appeal that was due on `ordinal` is in time.

    25 December to 1 January: the first working day after 1 January. Any day in August: the first
    working day after 31 August. Otherwise a non-working day moves to the next working day.
    """
    day = date.fromordinal(ordinal)
    if day.month == 12 and day.day >= 25:
        return calendar.working_days_after_ordinal(date(day.year + 1, 1, 1).toordinal(), 1)
    if day.month == 1 and day.day == 1:
        return calendar.working_days_after_ordinal(ordinal, 1)
    if day.month == 8:
        return calendar.working_days_after_ordinal(date(day.year, 8, 31).toordinal(), 1)
    return calendar.next_working_ordinal(ordinal)


def tribunal_adjusted(day: date, calendar: WorkingCalendar) -> date:
    return date.fromordinal(tribunal_adjusted_ordinal(day.toordinal(), calendar))


def compulsory_school_age_ends(born: date) -> date:
    """The last day of compulsory school age: the last Friday in June of the school year (September to August) in
    which the child turns 16 (Education Act 1996 s.8 and the School Leaving Date Order 1997 [U: read through
    secondary sources]). From the next day they are a young person under CFA 2014 s.83(2) [U]."""
    sixteenth = date(born.year + 16, born.month, min(born.day, days_in_month(born.year + 16, born.month)))
    june_year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    last_of_june = date(june_year, 6, 30)
    return date.fromordinal(last_of_june.toordinal() - (last_of_june.weekday() - 4) % 7)
