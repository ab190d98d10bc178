"""The one place where any part of SEND Resolve gets a statutory date.

`compute_deadlines` takes a case's dated events and returns every deadline that follows from them, each
with the rule that produced it. A rule is emitted only when its start event is known.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from sendresolve.clock.calendar import WorkingCalendar, default_calendar
from sendresolve.clock.periods import add_months, add_months_ordinal, tribunal_adjusted_ordinal
from sendresolve.clock.rules import ACTION_OF_RULE, ACTION_RULES, RULES, Actor, Event, Rule, Unit


class NoticeRule(StrEnum):
    """How "at least 5 working days' notice" is counted (send-rules.md Q9)."""

    NTH_WORKING_DAY_BEFORE = "nth_wd_before"
    CLEAR_DAYS = "clear_days"


# NamedTuples rather than frozen dataclasses: equally immutable, and several times cheaper to build,
# which matters when the `deadlines` command answers a million cases.
class AgreedAction(NamedTuple):
    kind: str  # a key of ACTION_RULES
    agreed_weeks: int | None = None


class CaseEvents(NamedTuple):
    """What the clock needs to know about a case. Every field is optional."""

    notice_sent: date | None = None
    placement_only: bool = False
    ma_informed_declined: date | None = None
    la_received_request: date | None = None
    issues: tuple[str, ...] = ("education",)
    rcb_received_notification: date | None = None
    mediation_date: date | None = None
    unable_to_arrange_informed: date | None = None
    mediation_concluded: date | None = None
    withdrawal_informed: date | None = None
    certificate_issued: date | None = None
    agreement_date: date | None = None
    agreed_actions: tuple[AgreedAction, ...] = ()
    la_party: bool = True


class Deadline(NamedTuple):
    rule: Rule
    due: date
    action: str | None = None
    agreed_weeks: int | None = None
    # For T9: the date before the Tribunal's adjustment, when the adjustment moved it.
    unadjusted: date | None = None
    # For calendar-unit periods landing on a non-working day: the last working day before it.
    act_by: date | None = None

    @property
    def length(self) -> int | None:
        return self.agreed_weeks if self.rule.length is None else self.rule.length


def _count_forward(rule: Rule, start: int, calendar: WorkingCalendar, length: int | None = None) -> int:
    length = rule.length if length is None else length
    unit = rule.unit
    if unit is Unit.WORKING_DAYS_AFTER:
        return calendar.working_days_after_ordinal(start, length)
    if unit is Unit.DAYS:
        return start + length
    if unit is Unit.WEEKS:
        return start + 7 * length
    if unit is Unit.MONTHS:
        return add_months_ordinal(start, length)
    raise ValueError(f"rule {rule.id} is not counted forward from its start")


# The rules whose due date, when it is not a working day, gets the last working day before it (act_by): the
# calendar-unit periods, which the law does not move, except T9, which the Tribunal's adjustment moves.
_ACT_BY_RULES = frozenset(rule for rule in RULES.values() if rule.is_calendar_unit and not rule.tribunal_adjustment)


def _deadline(rule: Rule, due: int, calendar: WorkingCalendar, **extra) -> Deadline:
    act_by = None
    if rule in _ACT_BY_RULES and not calendar.is_working_ordinal(due):
        act_by = date.fromordinal(calendar.previous_working_ordinal(due))
    return Deadline(rule, date.fromordinal(due), act_by=act_by, **extra)


class IssueMix(StrEnum):
    """Which arranging rule applies: it depends only on whether health is among the issues."""

    NO_HEALTH = "no_health"
    HEALTH_AND_OTHER = "health_and_other"
    HEALTH_ONLY = "health_only"


def issue_mix(issues: tuple[str, ...] | list[str]) -> IssueMix:
    if "health" not in issues:
        return IssueMix.NO_HEALTH
    return IssueMix.HEALTH_ONLY if issues.count("health") == len(issues) else IssueMix.HEALTH_AND_OTHER


class CaseShape(NamedTuple):
    """Everything that decides *which* rules apply to a case, and nothing that decides their dates."""

    events: tuple[str, ...]  # names of the dated events that are known
    issues: IssueMix = IssueMix.NO_HEALTH
    placement_only: bool = False
    la_party: bool = True
    actions: tuple[AgreedAction, ...] = ()


class Step(NamedTuple):
    """One deadline to work out: a rule, the event it counts from, and the agreed action if any."""

    rule_id: str
    start: str
    action: AgreedAction | None = None


def shape_of(case: CaseEvents) -> CaseShape:
    return CaseShape(
        events=tuple(event for event in _EVENT_FIELDS if getattr(case, event) is not None),
        issues=issue_mix(case.issues),
        placement_only=case.placement_only,
        la_party=case.la_party,
        actions=case.agreed_actions,
    )


_EVENT_FIELDS = tuple(event.value for event in Event)
_plans: dict[CaseShape, tuple[Step, ...]] = {}


def plan_for(shape: CaseShape) -> tuple[Step, ...]:
    """The rules that apply to a case of this shape, in rule order. Remembered: shapes are few."""
    plan = _plans.get(shape)
    if plan is None:
        if len(_plans) >= 10_000:
            _plans.clear()
        plan = _plans[shape] = tuple(_select(shape))
    return plan


def _select(shape: CaseShape):
    """Which rules a case's events start (docs/deadline-contract.md): the selection, in one place."""
    known = set(shape.events)
    if "notice_sent" in known and not shape.placement_only:
        yield Step("T1", "notice_sent")
    if "ma_informed_declined" in known:
        yield Step("T2", "ma_informed_declined")
    if "la_received_request" in known:
        if shape.issues is not IssueMix.NO_HEALTH:
            yield Step("T3", "la_received_request")
        if shape.issues is IssueMix.NO_HEALTH:
            yield Step("T4a", "la_received_request")
        elif shape.issues is IssueMix.HEALTH_AND_OTHER:
            yield Step("T4b", "la_received_request")
    if "rcb_received_notification" in known and shape.issues is IssueMix.HEALTH_ONLY:
        yield Step("T4c", "rcb_received_notification")
    if "mediation_date" in known:
        yield Step("T5", "mediation_date")
    for rule_id, event in (("T6", "unable_to_arrange_informed"), ("T7", "mediation_concluded"),
                           ("T8", "withdrawal_informed")):
        if event in known:
            yield Step(rule_id, event)
    if "notice_sent" in known or "certificate_issued" in known:
        yield Step("T9", APPEAL_START)
    if "agreement_date" in known:
        if not shape.la_party:
            yield Step("T12", "agreement_date")
        yield from action_steps(shape.actions)


def action_steps(actions: tuple[AgreedAction, ...]):
    """The steps of a mediation agreement's actions: T10/T11 by kind, T13 where a timescale was agreed."""
    seen: set[AgreedAction] = set()
    for action in actions:
        if action in seen:
            continue
        seen.add(action)
        if action.agreed_weeks is not None:
            yield Step("T13", "agreement_date", action)
        else:
            for rule_id in ACTION_RULES[action.kind]:
                yield Step(rule_id, "agreement_date")


APPEAL_START = "notice_sent|certificate_issued"


# A deadline depends only on its rule, its start date and the calendar, and a batch of cases holds far
# fewer distinct start dates than cases: each calendar remembers the deadlines it has worked out
# (`WorkingCalendar.memo`), which makes most cases a few dictionary look-ups.


def forward_deadline(rule_id: str, start: date, calendar: WorkingCalendar) -> Deadline:
    """A rule counted forward from its start event (every rule but T5, T9 and T13)."""
    deadline = calendar.memo[rule_id].get(start)
    if deadline is None:
        deadline = counted_deadline(rule_id, start, calendar)
        calendar.remember(rule_id, start, deadline)
    return deadline


def counted_deadline(rule_id: str, start: date, calendar: WorkingCalendar) -> Deadline:
    """`forward_deadline` worked out afresh, for a caller that keeps its own memory (the batch command)."""
    rule = RULES[rule_id]
    due = _count_forward(rule, start.toordinal(), calendar)
    return _deadline(rule, due, calendar, action=ACTION_OF_RULE.get(rule_id))


def agreed_timescale_deadline(agreed: date, action: AgreedAction, calendar: WorkingCalendar) -> Deadline:
    """T13: an action with a timescale the parties agreed in writing (reg 42(5))."""
    rule = RULES["T13"]
    due = _count_forward(rule, agreed.toordinal(), calendar, length=action.agreed_weeks)
    return _deadline(rule, due, calendar, action=action.kind, agreed_weeks=action.agreed_weeks)


# An action agreed with a date but no statutory time limit: at disagreement resolution (s.57: regulation 42 does not
# apply), or an action by a school or the family at mediation (regulation 42(3) binds only the LA or a commissioning
# body). Not one of the contract's rules T1-T13: the `deadlines` command never emits it.
AGREED_ACTION_RULE = Rule(
    "AGREED", "Carry out the action by the date agreed (no time limit in law)", Actor.AGREED,
    Event.AGREEMENT_DATE, None, Unit.WEEKS, "",
)


def agreed_action_deadline(agreed: date, weeks: int, calendar: WorkingCalendar) -> Deadline:
    """The date an action without a statutory time limit was agreed to be done by: `weeks` after the agreement."""
    due = _count_forward(AGREED_ACTION_RULE, agreed.toordinal(), calendar, length=weeks)
    return _deadline(AGREED_ACTION_RULE, due, calendar, agreed_weeks=weeks)


def compute_deadlines(
    case: CaseEvents,
    calendar: WorkingCalendar | None = None,
    *,
    notice_rule: NoticeRule = NoticeRule.NTH_WORKING_DAY_BEFORE,
    shape: CaseShape | None = None,
) -> list[Deadline]:
    """Every deadline that follows from the case's events, in rule order.

    `shape` may be given by a caller that already knows it (the batch command); it must be the case's.
    Raises `DateOutOfRange` when a date lies outside the calendar's years.
    """
    calendar = calendar or default_calendar()
    return [step_deadline(step, case, calendar, notice_rule) for step in plan_for(shape or shape_of(case))]


def step_deadline(step: Step, case: CaseEvents, calendar: WorkingCalendar, notice_rule: NoticeRule) -> Deadline:
    """The deadline of one step of a case's plan."""
    rule_id = step.rule_id
    if rule_id == "T9":
        return appeal_deadline(case.notice_sent, case.certificate_issued, calendar)
    if rule_id == "T5":
        return notice_deadline(case.mediation_date, notice_rule, calendar)
    if rule_id == "T13":
        return agreed_timescale_deadline(case.agreement_date, step.action, calendar)
    return forward_deadline(rule_id, getattr(case, step.start), calendar)


def notice_deadline(meeting: date, notice_rule: NoticeRule, calendar: WorkingCalendar) -> Deadline:
    """T5: the latest day to tell the family the date and place, counted back from the meeting."""
    key = ("T5", notice_rule)
    deadline = calendar.memo[key].get(meeting)
    if deadline is None:
        deadline = counted_notice_deadline(meeting, notice_rule, calendar)
        calendar.remember(key, meeting, deadline)
    return deadline


def counted_notice_deadline(meeting: date, notice_rule: NoticeRule, calendar: WorkingCalendar) -> Deadline:
    """`notice_deadline` worked out afresh."""
    rule = RULES["T5"]
    days = rule.length + (1 if notice_rule is NoticeRule.CLEAR_DAYS else 0)
    return _deadline(rule, calendar.working_days_before_ordinal(meeting.toordinal(), days), calendar)


def earliest_meeting_date(notice_on: date, notice_rule: NoticeRule, calendar: WorkingCalendar) -> date:
    """The first day a mediation may be held when the family is told its date on `notice_on` (T5 forwards).

    Searched day by day against `notice_deadline` rather than counted, so that the two can never disagree.
    The latest notice day never moves earlier as the meeting moves later, so the first day that passes is
    the answer, and it is at most a couple of weeks away even across Christmas and Easter.
    It may be a non-working day: T5 limits the notice, not the day of the meeting.
    """
    meeting = notice_on + timedelta(days=1)
    while notice_deadline(meeting, notice_rule, calendar).due < notice_on:
        meeting += timedelta(days=1)
    return meeting


def appeal_deadline(
    notice_sent: date | None, certificate_issued: date | None, calendar: WorkingCalendar | None = None
) -> Deadline:
    """T9: the later of two limbs, then the Tribunal's calendar adjustment."""
    calendar = calendar or default_calendar()
    raw = appeal_limbs_end(notice_sent, certificate_issued, calendar)
    deadline = calendar.memo["T9"].get(raw)
    if deadline is None:
        deadline = adjusted_appeal_deadline(raw, calendar)
        calendar.remember("T9", raw, deadline)
    return deadline


def adjusted_appeal_deadline(raw: date, calendar: WorkingCalendar) -> Deadline:
    """T9 from the end of its later limb (`appeal_limbs_end`): the Tribunal's adjustment, worked out afresh."""
    due = tribunal_adjusted_ordinal(raw.toordinal(), calendar)
    return Deadline(RULES["T9"], date.fromordinal(due), unadjusted=raw if due != raw.toordinal() else None)


def appeal_limbs_end(notice_sent: date | None, certificate_issued: date | None, calendar: WorkingCalendar) -> date:
    """The later of 2 months after the notice and 1 month after the certificate, before any adjustment."""
    if not notice_sent and not certificate_issued:
        raise ValueError("the appeal deadline needs the date the decision was sent or a certificate date")
    return max(
        _limb("T9.A", notice_sent, calendar) if notice_sent else date.min,
        _limb("T9.B", certificate_issued, calendar) if certificate_issued else date.min,
    )


# The appeal's two limbs: months after the notice of the decision (A) and after the certificate (B).
APPEAL_LIMB_MONTHS = {"T9.A": 2, "T9.B": 1}


def appeal_limb_end(limb: str, start: date) -> date:
    """The end of one limb of T9 ("T9.A" or "T9.B"), worked out afresh; `appeal_limbs_end` takes the later."""
    return add_months(start, APPEAL_LIMB_MONTHS[limb])


def _limb(limb: str, start: date, calendar: WorkingCalendar) -> date:
    end = calendar.memo[limb].get(start)
    if end is None:
        end = appeal_limb_end(limb, start)
        calendar.remember(limb, start, end)
    return end
