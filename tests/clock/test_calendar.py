"""The working-day calendar against gov.uk's own list, and the override list."""

from datetime import date, timedelta

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays

from sendresolve.clock import DateOutOfRange, WorkingCalendar, default_calendar


@pytest.fixture(scope="module")
def govuk_holidays() -> set[date]:
    # The package's bundled JSON only: never a download.
    bank_holidays = BankHolidays(use_cached_holidays=True)
    return {h["date"] for h in bank_holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)}


def test_matches_the_govuk_list_for_every_date_2012_to_2028(govuk_holidays):
    calendar = default_calendar()
    day, mismatches, checked = date(2012, 1, 1), [], 0
    while day <= date(2028, 12, 31):
        expected = day.weekday() < 5 and day not in govuk_holidays
        if calendar.is_working_day(day) != expected:
            mismatches.append(day)
        day += timedelta(days=1)
        checked += 1
    assert checked == 6210
    assert mismatches == []


@pytest.mark.parametrize(
    "day, why",
    [
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2026, 12, 28), "Boxing Day substitute"),
        (date(2027, 12, 27), "Christmas Day substitute"),
        (date(2028, 1, 3), "New Year's Day substitute"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2025, 12, 25), "Christmas Day"),
    ],
)
def test_one_off_and_substitute_days_are_not_working_days(day, why):
    assert not default_calendar().is_working_day(day), why


@pytest.mark.parametrize(
    "day",
    [date(2025, 12, 24), date(2025, 12, 29), date(2026, 1, 2), date(2026, 11, 30), date(2027, 3, 17)],
    ids=["Christmas Eve", "between Christmas and New Year", "2 January (Scotland only)",
         "St Andrew's Day (Scotland only)", "St Patrick's Day (Northern Ireland only)"],
)
def test_days_that_are_working_days_in_england(day):
    assert default_calendar().is_working_day(day)


def test_an_added_holiday_changes_the_count_and_a_cancelled_one_restores_it():
    plain = default_calendar()
    # A Thursday with nothing special: 3 working days after Monday 2 March 2026 is Thursday 5 March.
    assert plain.working_days_after(date(2026, 3, 2), 3) == date(2026, 3, 5)
    with_extra = WorkingCalendar(extra_holidays=[date(2026, 3, 4)], first_year=2025, last_year=2027)
    assert not with_extra.is_working_day(date(2026, 3, 4))
    assert with_extra.working_days_after(date(2026, 3, 2), 3) == date(2026, 3, 6)
    assert with_extra.non_working_reason(date(2026, 3, 4)) == "a bank holiday"

    cancelled = WorkingCalendar(cancelled_holidays=[date(2026, 5, 4)], first_year=2025, last_year=2027)
    assert cancelled.is_working_day(date(2026, 5, 4))
    assert cancelled.working_days_after(date(2026, 5, 1), 1) == date(2026, 5, 4)


def test_the_default_calendar_is_built_once():
    assert default_calendar() is default_calendar()


def test_dates_outside_the_calendar_are_refused_clearly():
    calendar = WorkingCalendar(first_year=2020, last_year=2021)
    with pytest.raises(DateOutOfRange, match="before 2020 or after 2021"):
        calendar.is_working_day(date(2019, 12, 31))
    with pytest.raises(DateOutOfRange, match="after 2021"):
        calendar.working_days_after(date(2021, 12, 30), 5)


def test_names_why_a_day_is_not_a_working_day():
    calendar = default_calendar()
    assert calendar.non_working_reason(date(2026, 3, 14)) == "weekend"
    assert "Good Friday" in calendar.non_working_reason(date(2026, 4, 3))
    assert calendar.non_working_reason(date(2026, 4, 7)) is None
