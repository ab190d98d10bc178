"""`earliest_meeting_date`: T5 (at least 5 working days' notice of the mediation) read forwards."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.clock import NoticeRule, default_calendar, earliest_meeting_date
from sendresolve.clock.deadlines import notice_deadline

CALENDAR = default_calendar()
NTH = NoticeRule.NTH_WORKING_DAY_BEFORE
CLEAR = NoticeRule.CLEAR_DAYS
dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
rules = st.sampled_from(list(NoticeRule))


def notice_in_time(notice_on: date, meeting: date, rule: NoticeRule) -> bool:
    return notice_deadline(meeting, rule, CALENDAR).due >= notice_on


@given(dates, rules)
def test_the_earliest_meeting_is_the_first_day_the_notice_is_in_time_for(notice_on, rule):
    meeting = earliest_meeting_date(notice_on, rule, CALENDAR)
    assert meeting > notice_on
    assert notice_in_time(notice_on, meeting, rule)
    day_before = meeting - timedelta(days=1)
    assert day_before == notice_on or not notice_in_time(notice_on, day_before, rule)


@given(dates, rules, st.integers(min_value=0, max_value=40))
def test_every_later_meeting_is_also_in_time(notice_on, rule, days_later):
    meeting = earliest_meeting_date(notice_on, rule, CALENDAR) + timedelta(days=days_later)
    assert notice_in_time(notice_on, meeting, rule)


@given(dates)
def test_clear_days_never_allow_an_earlier_meeting(notice_on):
    assert earliest_meeting_date(notice_on, CLEAR, CALENDAR) >= earliest_meeting_date(notice_on, NTH, CALENDAR)


# send-rules E12: a meeting on Tue 7 Apr 2026, after Good Friday and Easter Monday, has its latest notice day on
# Fri 27 Mar 2026 (5th working day before) or Thu 26 Mar 2026 (5 clear working days).
def test_e12_latest_notice_days_for_tuesday_7_april_2026():
    assert notice_deadline(date(2026, 4, 7), NTH, CALENDAR).due == date(2026, 3, 27)
    assert notice_deadline(date(2026, 4, 7), CLEAR, CALENDAR).due == date(2026, 3, 26)


@pytest.mark.parametrize(
    ("notice_on", "rule", "allows_7_april"),
    [
        (date(2026, 3, 27), NTH, True),
        (date(2026, 3, 28), NTH, False),  # a Saturday: Fri 27 Mar was the last chance
        (date(2026, 3, 26), CLEAR, True),
        (date(2026, 3, 27), CLEAR, False),
    ],
)
def test_e12_notice_on_the_latest_day_is_enough_and_a_day_later_is_not(notice_on, rule, allows_7_april):
    assert (earliest_meeting_date(notice_on, rule, CALENDAR) <= date(2026, 4, 7)) is allows_7_april


@pytest.mark.parametrize(
    ("notice_on", "rule", "earliest"),
    [
        # An ordinary week: told on Monday 1 June, Mon-Fri are the five working days, so the meeting may be
        # on Saturday 6 June (T5 limits the notice, not the meeting day); counting clear working days the
        # five must all lie strictly between notice and meeting, Tue 2 to Mon 8, so Tuesday 9 June.
        (date(2026, 6, 1), NTH, date(2026, 6, 6)),
        (date(2026, 6, 1), CLEAR, date(2026, 6, 9)),
        # Told on Saturday: the weekend gives nothing, the five working days are Mon 8 to Fri 12 June.
        (date(2026, 6, 6), NTH, date(2026, 6, 13)),
        # Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr): told Mon 30 Mar, working days Mon 30, Tue 31,
        # Wed 1, Thu 2 and Tue 7, so a meeting may be held from Wed 8 Apr.
        (date(2026, 3, 30), NTH, date(2026, 4, 8)),
        # Christmas 2026: told Wed 23 Dec, working days 23, 24, 29, 30 and 31 Dec (25, 26->28 Dec are holidays).
        (date(2026, 12, 23), NTH, date(2027, 1, 1)),
    ],
)
def test_worked_examples(notice_on, rule, earliest):
    assert earliest_meeting_date(notice_on, rule, CALENDAR) == earliest
