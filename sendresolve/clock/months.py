"""Calendar months as periods of account: a mediator's monthly statement covers one, and a self-billing agreement
runs for a number of them. Pure Python, like the rest of the clock."""

from __future__ import annotations

from datetime import date

from sendresolve.clock.periods import add_months, days_in_month


def month_start(day: date) -> date:
    """The first day of the month `day` is in."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of the month `day` is in."""
    return day.replace(day=days_in_month(day.year, day.month))


def previous_month_start(day: date) -> date:
    """The first day of the month before the one `day` is in."""
    return add_months(month_start(day), -1)


def last_day_of_months(start: date, months: int) -> date:
    """The last day of a period of `months` calendar months starting on `start`: 12 months from 1 April 2027 run to
    31 March 2028, and from 15 May to 14 May of the next year."""
    if months < 1:
        raise ValueError(f"A period of months must be at least one month long ({months}).")
    return date.fromordinal(add_months(start, months).toordinal() - 1)
