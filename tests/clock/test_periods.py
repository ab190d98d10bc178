"""Month arithmetic, the Tribunal adjustment and the worked examples of send-rules.md section 6."""

from datetime import date

import pytest

from sendresolve.clock import (
    AgreedAction,
    CaseEvents,
    NoticeRule,
    add_months,
    compute_deadlines,
    default_calendar,
    tribunal_adjusted,
)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2025, 11, 30), 1, date(2025, 12, 30)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
    ],
)
def test_corresponding_date_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        (date(2025, 12, 25), date(2026, 1, 2)),  # Christmas window: first working day after 1 January
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 12, 27), date(2027, 1, 4)),  # 1 Jan 2027 is Friday, then a weekend
        (date(2027, 12, 31), date(2028, 1, 4)),  # 3 Jan 2028 is the New Year substitute
        (date(2025, 8, 1), date(2025, 9, 1)),  # August: first working day after 31 August
        (date(2026, 8, 15), date(2026, 9, 1)),  # 31 Aug 2026 is itself a bank holiday
        (date(2026, 3, 14), date(2026, 3, 16)),  # an ordinary Saturday
        (date(2026, 3, 16), date(2026, 3, 16)),  # a working day stays put
        (date(2025, 12, 24), date(2025, 12, 24)),  # Christmas Eve is outside the window and a working day
        # r.12(3)(a) looks at the day the time ends; r.12(2) then moves a non-working day forward even
        # into August or the Christmas window (deadline-contract.md: "otherwise").
        (date(2016, 7, 30), date(2016, 8, 1)),
        (date(2023, 12, 24), date(2023, 12, 27)),
    ],
)
def test_tribunal_adjustment(raw, expected):
    assert tribunal_adjusted(raw, default_calendar()) == expected


def _due(case: CaseEvents, **options) -> dict[str, date]:
    return {d.rule.id: d.due for d in compute_deadlines(case, **options)}


def test_a_30_day_deadline_on_easter_saturday_stays_there_with_a_warning():
    # send-rules.md 4.3 (example E9): calendar-day periods do not move off holidays.
    [deadline] = compute_deadlines(CaseEvents(la_received_request=date(2026, 3, 5)))
    assert deadline.rule.id == "T4a"
    assert deadline.due == date(2026, 4, 4)
    assert deadline.act_by == date(2026, 4, 2)  # Good Friday 3 April skipped


def test_clear_days_notice_rule_is_one_working_day_earlier():
    case = CaseEvents(mediation_date=date(2026, 4, 7))
    assert _due(case) == {"T5": date(2026, 3, 27)}
    assert _due(case, notice_rule=NoticeRule.CLEAR_DAYS) == {"T5": date(2026, 3, 26)}


def test_health_only_mediation_is_arranged_by_the_icb_and_not_the_la():
    case = CaseEvents(
        la_received_request=date(2026, 5, 1),
        rcb_received_notification=date(2026, 5, 6),
        issues=("health",),
    )
    assert _due(case) == {"T3": date(2026, 5, 7), "T4c": date(2026, 6, 5)}


def test_icb_arranging_rule_needs_health_only_issues():
    case = CaseEvents(rcb_received_notification=date(2026, 5, 6), issues=("education", "health"))
    assert _due(case) == {}


def test_social_care_without_health_uses_the_la_rule():
    assert _due(CaseEvents(la_received_request=date(2025, 6, 2), issues=("social_care",))) == {
        "T4a": date(2025, 7, 2)
    }


def test_certificate_limb_alone_gives_an_appeal_deadline():
    assert _due(CaseEvents(certificate_issued=date(2026, 4, 9))) == {"T9": date(2026, 5, 11)}


def test_late_certificate_still_extends_the_appeal_deadline_literally():
    # Q11: limb B applies even when limb A had already expired.
    case = CaseEvents(notice_sent=date(2026, 1, 5), certificate_issued=date(2026, 5, 20))
    assert _due(case)["T9"] == date(2026, 6, 22)  # 20 June is a Saturday


def test_agreement_with_every_kind_of_action_and_la_not_party():
    case = CaseEvents(
        agreement_date=date(2026, 6, 1),
        la_party=False,
        agreed_actions=(
            AgreedAction("make_plan"),
            AgreedAction("change_placement"),
            AgreedAction("non_appealable"),
            AgreedAction("non_appealable"),
        ),
    )
    deadlines = compute_deadlines(case)
    assert [(d.rule.id, d.due) for d in deadlines] == [
        ("T12", date(2026, 6, 8)),
        ("T10.make_plan.draft", date(2026, 7, 6)),
        ("T10.make_plan.final", date(2026, 8, 17)),
        ("T10.change_placement", date(2026, 6, 15)),
        ("T11", date(2026, 6, 15)),
    ]


def test_agreed_timescale_replaces_only_its_own_action():
    case = CaseEvents(
        agreement_date=date(2026, 6, 1),
        agreed_actions=(AgreedAction("amend_plan", agreed_weeks=8), AgreedAction("non_appealable")),
    )
    deadlines = compute_deadlines(case)
    assert [(d.rule.id, d.due, d.action) for d in deadlines] == [
        ("T13", date(2026, 7, 27), "amend_plan"),
        ("T11", date(2026, 6, 15), "non_appealable"),
    ]
    assert deadlines[0].length == 8


def test_no_events_no_deadlines():
    assert compute_deadlines(CaseEvents()) == []


def test_agreed_actions_without_an_agreement_date_give_nothing():
    assert compute_deadlines(CaseEvents(agreed_actions=(AgreedAction("assess"),))) == []
