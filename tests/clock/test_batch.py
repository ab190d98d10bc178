"""The batch path of the `deadlines` command gives exactly what the library gives, good input or bad."""

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.clock import NoticeRule, compute_deadlines, default_calendar
from sendresolve.clock.batch import BatchClock
from sendresolve.clock.calendar import DateOutOfRange
from sendresolve.clock.output import deadline_as_dict
from sendresolve.clock.parsing import CaseInputError, parse_case

FIELDS = ["notice_sent", "ma_informed_declined", "la_received_request", "rcb_received_notification",
          "mediation_date", "unable_to_arrange_informed", "mediation_concluded", "withdrawal_informed",
          "certificate_issued", "agreement_date"]
good_dates = st.dates(min_value=date(2024, 12, 1), max_value=date(2025, 2, 1)).map(date.isoformat)
odd_values = st.sampled_from(["2025-02-30", "2025/01/01", "", 20250101, None, True, "1066-10-14"])
action = st.one_of(
    st.sampled_from(["assess", "make_plan", "amend_plan", "change_placement", "non_appealable", "teleport", 3]),
    st.fixed_dictionaries(
        {"kind": st.sampled_from(["amend_plan", "assess", "fly"])},
        optional={"agreed_weeks": st.one_of(st.integers(-1, 30), st.sampled_from([8.0, "eight", True, None]))},
    ),
)
records = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=5), st.integers())},
    optional={
        **{field: st.one_of(good_dates, good_dates, good_dates, odd_values) for field in FIELDS},
        "issues": st.one_of(
            st.lists(st.sampled_from(["education", "health", "social_care"]), min_size=1, max_size=3),
            st.sampled_from(["health", [], ["dental"], None]),
        ),
        "placement_only": st.sampled_from([True, False, 1, 0, "yes", None]),
        "la_party": st.sampled_from([True, False, 1, None]),
        "agreed_actions": st.one_of(st.lists(action, max_size=3), st.just("assess")),
    },
)


def library_answer(record) -> dict:
    try:
        case_id, case = parse_case(record)
        deadlines = compute_deadlines(case, notice_rule=NoticeRule.NTH_WORKING_DAY_BEFORE)
    except (CaseInputError, DateOutOfRange) as error:
        return {"error": type(error).__name__}
    return {"id": case_id, "deadlines": [deadline_as_dict(d) for d in deadlines]}


def batch_answer(clock: BatchClock, record) -> dict:
    try:
        return json.loads(clock.answer(record))
    except (CaseInputError, DateOutOfRange) as error:
        return {"error": type(error).__name__}


@settings(max_examples=300, deadline=None)
@given(st.lists(records, min_size=1, max_size=12))
def test_batch_and_library_agree_on_every_record_seen_once_or_again(batch):
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    for record in batch + batch:  # the second pass takes the remembered, fast path
        assert batch_answer(clock, record) == library_answer(record), record


def test_a_bad_value_is_not_accepted_because_a_good_one_looked_the_same():
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    good = {"id": "a", "notice_sent": "2025-03-05", "placement_only": True, "issues": ["health"]}
    assert "deadlines" in batch_answer(clock, good)
    for bad in ({**good, "placement_only": 1}, {**good, "issues": "health"},
                {**good, "notice_sent": "2025-03-5"}):
        assert batch_answer(clock, bad) == {"error": "CaseInputError"}


def test_many_distinct_dates_stay_correct_when_the_memory_is_cleared(monkeypatch):
    import sendresolve.clock.batch as batch

    monkeypatch.setattr(batch, "_MAX_HEADS", 5)
    monkeypatch.setattr(batch, "_MAX_PLANS", 2)
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    start = date(2025, 1, 1)
    for offset in range(40):
        record = {"id": offset, "ma_informed_declined": (start + timedelta(days=offset)).isoformat(),
                  "issues": ["health"] if offset % 2 else ["education"]}
        assert batch_answer(clock, record) == library_answer(record)
