"""The retention periods' arithmetic (sendresolve/clock/retention.py): when a record's period ends, and which records
have gone by a given day, exactly inverse at month ends and on 29 February."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.clock.retention import (
    RetentionPeriod,
    RetentionUnit,
    earliest_kept,
    gone_up_to,
    retention_ends,
    retention_ends_at,
)

YEARS6 = RetentionPeriod(6, RetentionUnit.YEARS)


@pytest.mark.parametrize("start, period, ends", [
    (date(2026, 3, 1), RetentionPeriod(30, RetentionUnit.DAYS), date(2026, 3, 31)),
    (date(2024, 2, 29), YEARS6, date(2030, 2, 28)),  # a year is 12 months, clamped to a shorter month
    (date(2028, 2, 29), RetentionPeriod(4, RetentionUnit.YEARS), date(2032, 2, 29)),
    (date(2026, 1, 31), RetentionPeriod(1, RetentionUnit.MONTHS), date(2026, 2, 28)),
    (date(2026, 12, 6), RetentionPeriod(0, RetentionUnit.DAYS), date(2026, 12, 6)),
])
def test_a_period_ends_on_the_corresponding_day(start, period, ends):
    assert retention_ends(start, period) == ends


def test_which_records_have_gone_by_a_day_is_the_inverse_at_29_february():
    # Closed on 28 and 29 February 2024: both periods end on 28 February 2030, so both go that day, not before.
    assert earliest_kept(date(2030, 2, 27), YEARS6) == date(2024, 2, 28)
    assert earliest_kept(date(2030, 2, 28), YEARS6) == date(2024, 3, 1)


def test_hours_are_exact_and_calendar_periods_are_refused_a_moment():
    now = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    day = RetentionPeriod(24, RetentionUnit.HOURS)
    assert retention_ends_at(now, day) == now + timedelta(hours=24)
    assert gone_up_to(now, day) == now - timedelta(hours=24)
    with pytest.raises(ValueError, match="counted from a date"):
        gone_up_to(now, YEARS6)
    with pytest.raises(ValueError, match="counted from a moment"):
        earliest_kept(now.date(), day)
    with pytest.raises(ValueError, match="cannot be negative"):
        RetentionPeriod(-1, RetentionUnit.DAYS)
    assert RetentionPeriod(1, RetentionUnit.DAYS).words == "1 day" and YEARS6.words == "6 years"


@given(today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       amount=st.integers(min_value=0, max_value=10),
       unit=st.sampled_from([RetentionUnit.DAYS, RetentionUnit.MONTHS, RetentionUnit.YEARS]))
def test_the_earliest_kept_start_is_the_first_whose_period_has_not_ended(today, amount, unit):
    period = RetentionPeriod(amount, unit)
    first_kept = earliest_kept(today, period)
    assert retention_ends(first_kept, period) > today
    assert retention_ends(first_kept - timedelta(days=1), period) <= today
