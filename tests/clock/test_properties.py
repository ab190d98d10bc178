"""Properties of the clock over every date from 2015 to 2035."""

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.clock import CaseEvents, add_months, appeal_deadline, compute_deadlines, default_calendar
from sendresolve.clock.periods import days_in_month

CALENDAR = default_calendar()
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=60)


ENGLAND = holidays.UK(subdiv="ENG", years=range(2014, 2037))


def _slow_is_working(day: date) -> bool:
    """Independent of the calendar's precomputed tables: straight from the holidays package."""
    return day.weekday() < 5 and day not in ENGLAND


@given(dates, counts)
def test_n_working_days_after(start, n):
    due = CALENDAR.working_days_after(start, n)
    assert due > start
    assert _slow_is_working(due)
    between = sum(_slow_is_working(start + timedelta(days=k)) for k in range(1, (due - start).days))
    assert between == n - 1


@given(dates, counts)
def test_nth_working_day_before(end, n):
    latest = CALENDAR.working_days_before(end, n)
    assert latest < end
    assert _slow_is_working(latest)
    between = sum(_slow_is_working(latest + timedelta(days=k)) for k in range(1, (end - latest).days))
    assert between == n - 1


@given(dates, st.integers(min_value=0, max_value=36))
def test_month_arithmetic_lands_on_the_corresponding_date_or_month_end(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    if start.day <= days_in_month(result.year, result.month):
        assert result.day == start.day
    else:
        assert result.day == days_in_month(result.year, result.month)


@given(dates, st.one_of(st.none(), dates))
def test_appeal_deadline_is_a_working_day_never_before_either_limb(notice, certificate):
    deadline = appeal_deadline(notice, certificate, CALENDAR)
    assert CALENDAR.is_working_day(deadline.due)
    assert deadline.due >= add_months(notice, 2)
    if certificate:
        assert deadline.due >= add_months(certificate, 1)
    raw = max(add_months(notice, 2), add_months(certificate, 1) if certificate else notice)
    if raw.month == 8 or (raw.month, raw.day) >= (12, 25) or (raw.month, raw.day) == (1, 1):
        assert deadline.due.month in (9, 1)  # moved out of August or the Christmas window


@given(dates)
def test_calendar_unit_deadlines_warn_exactly_when_they_fall_on_a_non_working_day(received):
    [arrange] = compute_deadlines(CaseEvents(la_received_request=received))
    assert arrange.due == received + timedelta(days=30)
    if CALENDAR.is_working_day(arrange.due):
        assert arrange.act_by is None
    else:
        assert arrange.act_by < arrange.due and CALENDAR.is_working_day(arrange.act_by)
        assert all(not CALENDAR.is_working_day(arrange.act_by + timedelta(days=k))
                   for k in range(1, (arrange.due - arrange.act_by).days + 1))
