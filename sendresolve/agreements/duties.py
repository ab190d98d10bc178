"""Every agreed action as tracked duties with their dates, from the clock: stored as the case's deadlines, so they are
in the work queues with everything else that is due.

Regulation 42 gives legal dates (T10, T11 or T13 per action) only to what the local authority or a commissioning
body (ICB) agreed at mediation. An action agreed at disagreement resolution (s.57), or one by a school or the
family, is tracked the same way to the date the parties agreed, in its own words and with no statutory citation
(legal review L7 and L9)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from sendresolve.agreements.models import STATUTORY_BODIES, ActionPlan, DutyUpdate, PlanAction, Responsible
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.clock import (
    AGREED_ACTION_RULE,
    AgreedAction,
    CaseEvents,
    Deadline,
    WorkingCalendar,
    agreed_action_deadline,
    compute_deadlines,
)

# Rules whose duties outlive the case's closure: the follow-up goes on until each is done.
DUTY_RULE_PREFIXES = ("T10", "T11", "T12", "T13", AGREED_ACTION_RULE.id)


def has_legal_date(case: Case, responsible: str) -> bool:
    return case.kind == CaseKind.MEDIATION and responsible in STATUTORY_BODIES


def is_duty_rule(rule: str) -> bool:
    return rule.startswith(DUTY_RULE_PREFIXES)


def agreed_plan(case: Case) -> ActionPlan | None:
    """The plan version all parties agreed, if there is one."""
    return (case.plans.filter(status=ActionPlan.Status.AGREED).order_by("-version")
            .prefetch_related(Prefetch("actions", queryset=PlanAction.objects.order_by("position", "id")))
            .first())


def duty_rows(case: Case, calendar: WorkingCalendar) -> list[CaseDeadline]:
    """The deadline rows of the agreed plan's actions, with what has happened to each."""
    plan = agreed_plan(case)
    if plan is None or case.agreement_date is None:
        return []
    actions = list(plan.actions.all())
    done, new_due = {}, {}
    for update in DutyUpdate.objects.filter(action__in=actions).order_by("at", "id"):
        key = (update.action_id, update.rule)
        if update.kind == DutyUpdate.Kind.DONE:
            done[key] = timezone.localdate(update.at)
        elif update.kind == DutyUpdate.Kind.NEW_DATE_AGREED:
            new_due[key] = update.new_due
    notes: dict = {}
    _close_the_other_limb(actions, done, notes)
    rows = []
    for action in actions:
        for deadline in action_deadlines(case, action, case.agreement_date, calendar):
            rule, key = deadline.rule, (action.pk, deadline.rule.id)
            due = new_due.get(key, deadline.due)
            note = (f"New date agreed with the family; the legal date was {deadline.due:%-d %B %Y}"
                    if key in new_due else notes.get(key, ""))
            rows.append(CaseDeadline(
                case=case, plan_action=action, rule=rule.id, due=due,
                obligation=duty_obligation(case, action, deadline),
                actor=action.get_responsible_display(), citation=rule.citation,
                act_by=deadline.act_by if key not in new_due else None, met_on=done.get(key), note=note,
                # The family's own actions are on their page, not in anyone's work queue.
                in_queue=key not in done and action.responsible != Responsible.FAMILY,
            ))
    return rows


def action_deadlines(case: Case, action: PlanAction, agreed: date, calendar: WorkingCalendar) -> list[Deadline]:
    """An action's dates as agreed: the legal ones where regulation 42 binds the body, otherwise the weeks agreed.
    What the agreed plan's document shows, whatever happens to the duties afterwards."""
    if has_legal_date(case, action.responsible):
        events = CaseEvents(agreement_date=agreed, agreed_actions=(AgreedAction(action.kind, action.agreed_weeks),))
        return compute_deadlines(events, calendar)
    return [agreed_action_deadline(agreed, action.agreed_weeks, calendar)]


def duty_obligation(case: Case, action: PlanAction, deadline: Deadline) -> str:
    where = "mediation" if case.kind == CaseKind.MEDIATION else "disagreement resolution"
    rule = deadline.rule
    return (f"{rule.obligation}: {action.description}" if rule.citation else
            f"Agreed at {where}: {action.description}")[:200]


# After an agreed (re-)assessment the LA either decides no plan is needed (10 weeks) or issues the plan (14 weeks):
# the two are alternatives, so the one done closes the other (legal review L15).
_ALTERNATIVE_LIMBS = {"assess": ("T10.assess.no_plan", "T10.assess.final_plan"),
                      "reassess": ("T10.reassess.no_plan", "T10.reassess.final_plan")}


def _close_the_other_limb(actions, done: dict, notes: dict) -> None:
    for action in actions:
        limbs = _ALTERNATIVE_LIMBS.get(action.kind)
        if not limbs:
            continue
        no_plan, final_plan = ((action.pk, limb) for limb in limbs)
        for taken, other, what in ((no_plan, final_plan, "decided no plan is needed"),
                                   (final_plan, no_plan, "issued the plan")):
            if taken in done and other not in done:
                done[other] = done[taken]
                notes[other] = f"Does not apply: the local authority {what} on {done[taken]:%-d %B %Y}"
