"""The batch path of the `deadlines` command gives exactly what the library gives, good input or bad."""

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.clock import NoticeRule, compute_deadlines, default_calendar
from sendresolve.clock.batch import BatchClock
from sendresolve.clock.calendar import DateOutOfRange
from sendresolve.clock.output import HeadTables, deadline_as_dict
from sendresolve.clock.parsing import CaseInputError, parse_case

FIELDS = ["notice_sent", "ma_informed_declined", "la_received_request", "rcb_received_notification",
          "mediation_date", "unable_to_arrange_informed", "mediation_concluded", "withdrawal_informed",
          "certificate_issued", "agreement_date"]
good_dates = st.one_of(
    st.dates(min_value=date(2024, 12, 1), max_value=date(2025, 2, 1)).map(date.isoformat),
    # The calendar's edges: some rules run off them (DateOutOfRange), others do not.
    st.sampled_from(["1990-01-02", "1990-01-08", "2100-10-30", "2100-12-24", "2100-12-30", "1989-12-31"]),
)
odd_values = st.sampled_from(["2025-02-30", "2025/01/01", "", 20250101, None, True, "1066-10-14", ["2025-01-01"]])
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
        "agreed_actions": st.one_of(st.lists(action, max_size=4), st.just("assess")),
    },
)

KINDS = ["assess", "make_plan", "amend_plan", "change_placement", "non_appealable"]
timescale = st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "agreed_weeks": st.integers(1, 30)})
# Mostly valid agreements, so that the remembered plans of agreed timescales (T13) are exercised.
agreements = st.fixed_dictionaries(
    {"id": st.text(max_size=3), "agreement_date": st.one_of(good_dates, good_dates, good_dates, odd_values),
     "agreed_actions": st.lists(st.one_of(st.sampled_from(KINDS), timescale, timescale, action), max_size=4)},
    optional={"la_party": st.sampled_from([True, False, False, 1]), "notice_sent": good_dates,
              "certificate_issued": good_dates},
)

def library_answer(record) -> dict:
    try:
        case_id, case = parse_case(record)
        deadlines = compute_deadlines(case, notice_rule=NoticeRule.NTH_WORKING_DAY_BEFORE)
    except (CaseInputError, DateOutOfRange) as error:
        return {"error": type(error).__name__, "message": str(error)}
    return {"id": case_id, "deadlines": [deadline_as_dict(d) for d in deadlines]}


def batch_answer(clock: BatchClock, record) -> dict:
    try:
        return json.loads(clock.answer(record))
    except (CaseInputError, DateOutOfRange) as error:
        return {"error": type(error).__name__, "message": str(error)}


def batch_answers(clock: BatchClock, batch: list) -> list[dict]:
    """As the command answers a chunk: column by column, and the cases left over one by one."""
    lines, pending = clock.answer_many(batch)
    assert pending == [index for index, line in enumerate(lines) if line is None]
    return [batch_answer(clock, record) if line is None else json.loads("".join(line)) for record, line in
            zip(batch, lines, strict=True)]


@settings(max_examples=300, deadline=None)
@given(st.lists(records, min_size=1, max_size=12))
def test_batch_and_library_agree_on_every_record_seen_once_or_again(batch):
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    expected = [library_answer(record) for record in batch]
    assert batch_answers(clock, batch) == expected  # mostly one by one: nothing is known yet
    assert batch_answers(clock, batch) == expected  # mostly column by column, from what the first pass learnt
    assert batch_answers(clock, batch[::-1]) == expected[::-1]
    for record, answer in zip(batch, expected, strict=True):
        assert batch_answer(clock, record) == answer, record


@settings(max_examples=300, deadline=None)
@given(st.lists(agreements, min_size=1, max_size=12))
def test_batch_and_library_agree_on_agreed_actions_and_timescales(batch):
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    expected = [library_answer(record) for record in batch]
    assert batch_answers(clock, batch) == expected
    assert batch_answers(clock, batch[::-1]) == expected[::-1]

def test_a_bad_value_is_not_accepted_because_a_good_one_looked_the_same():
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    good = {"id": "a", "notice_sent": "2025-03-05", "placement_only": True, "issues": ["health"],
            "rcb_received_notification": "2025-03-07", "la_received_request": "2025-03-06",
            "agreement_date": "2025-04-01", "agreed_actions": ["assess", {"kind": "amend_plan", "agreed_weeks": 6}]}
    assert "deadlines" in batch_answers(clock, [good])[0]
    bad_cases = [{**good, "placement_only": 1}, {**good, "issues": "health"}, {**good, "notice_sent": "2025-03-5"},
                 {**good, "rcb_received_notification": "2025-02-30"}, {**good, "la_received_request": None},
                 {**good, "agreed_actions": ["assess", {"kind": "amend_plan", "agreed_weeks": 0}]},
                 {**good, "agreed_actions": ["assess", {"kind": "amend_plan", "agreed_weeks": True}]},
                 {**good, "agreed_actions": ["assess", {"kind": "fly", "agreed_weeks": 6}]},
                 {**good, "agreement_date": "2025-13-01"}]
    for answer, bad in zip(batch_answers(clock, [good, *bad_cases]), [good, *bad_cases], strict=True):
        assert answer == library_answer(bad), bad


def test_a_case_of_a_known_shape_is_answered_column_by_column():
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    shapes = [
        {"id": "n", "notice_sent": "2025-03-05", "certificate_issued": "2025-03-20"},
        {"id": "r", "la_received_request": "2025-03-06", "issues": ["health"],
         "rcb_received_notification": "2025-03-07"},
        {"id": "u", "la_received_request": "2025-03-06", "rcb_received_notification": "2025-03-07"},  # T4c unused
        {"id": "t", "agreement_date": "2025-04-01", "la_party": False, "agreed_actions": [
            "assess", {"kind": "amend_plan", "agreed_weeks": 6}, {"kind": "assess", "agreed_weeks": 3}]},
        {"id": 7},
    ]
    batch_answers(clock, shapes)
    later = [{**shape, "id": f"{shape['id']}2"} for shape in shapes]
    later[0]["notice_sent"] = "2025-03-19"
    later[3]["agreed_actions"][1] = {"kind": "amend_plan", "agreed_weeks": 9}
    lines, pending = clock.answer_many(later)
    assert pending == []
    assert [json.loads("".join(line)) for line in lines] == [library_answer(record) for record in later]


def test_odd_lines_among_good_ones_are_left_to_the_full_path_alone():
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    good = {"id": "g", "notice_sent": "2025-03-05", "issues": ["health"]}
    batch_answers(clock, [good])
    odd = [[1, 2], "text", 5, None, {**good, "notice_sent": ["2025-03-05"]}, {**good, "id": ["x"]},
           {**good, "notice_sent": {"day": 5}}]
    batch = [good, *odd, {**good, "id": "h"}]
    lines, pending = clock.answer_many(batch)
    assert pending == [1, 2, 3, 4, 5, 7]  # an id that is a list is no obstacle: index 6 is answered at once
    assert batch_answers(clock, batch) == [library_answer(record) for record in batch]


def test_many_distinct_dates_stay_correct_when_the_memory_is_cleared(monkeypatch):
    import sendresolve.clock.batch as batch

    monkeypatch.setattr(HeadTables, "MAX_ENTRIES", 40)
    monkeypatch.setattr(batch, "_MAX_PLANS", 2)
    clock = BatchClock(default_calendar(), NoticeRule.NTH_WORKING_DAY_BEFORE)
    start = date(2025, 1, 1)
    cases = [{"id": offset, "ma_informed_declined": (start + timedelta(days=offset * 13)).isoformat(),
              "notice_sent": (start + timedelta(days=offset * 17)).isoformat(),
              "issues": ["health"] if offset % 2 else ["education"]} for offset in range(40)]
    for _ in range(2):
        assert batch_answers(clock, cases) == [library_answer(record) for record in cases]
    assert clock.heads._entries <= 40
