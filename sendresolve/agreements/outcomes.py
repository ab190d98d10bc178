"""The outcome of a case: agreed in full or in part (only with a plan every party agreed), not agreed,
withdrawn, or not held. Recording it concludes the case, which starts the post-mediation certificate (T7)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from sendresolve.accounts.models import User
from sendresolve.agreements import events
from sendresolve.agreements.duties import agreed_plan
from sendresolve.cases.choices import CaseKind, Outcome
from sendresolve.cases.models import Case
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.cases.transitions import case_transition, not_in_future, require_mediator_or_case_worker
from sendresolve.meetings.people import child_views_missing

AGREED = frozenset({Outcome.AGREED_IN_FULL, Outcome.AGREED_IN_PART})


def case_record_outcome(*, acting_user: User, case: Case, outcome: str, concluded_on: date,
                        reason: str = "") -> Case:
    reason = reason.strip()
    not_in_future(concluded_on, "the mediation concluded")
    if outcome not in Outcome.values:
        raise ValidationError("Choose the outcome.")
    if outcome in (Outcome.WITHDRAWN, Outcome.NOT_HELD) and not reason:
        raise ValidationError("Give the reason.")
    with case_transition(acting_user=acting_user, case=case, name="conclude",
                         summary=f"Outcome: {Outcome(outcome).label}", who=require_mediator_or_case_worker) as write:
        case = write.case
        held = case.state == State.MEETING_HELD
        if outcome == Outcome.NOT_HELD:
            if held:
                raise TransitionNotAllowed("The meeting was held: choose what was agreed.")
            if case.kind == CaseKind.MEDIATION:
                raise TransitionNotAllowed("If the mediation will not be held, record that the family changed its "
                                           "mind or that it cannot be arranged: each gives the family its "
                                           "certificate.")
        elif not held:
            raise TransitionNotAllowed("Record that the meeting was held first.")
        if outcome in AGREED and agreed_plan(case) is None:
            raise ValidationError("The Action Plan has not been agreed by every party, so there is no agreement: "
                                  "record the outcome as not agreed, or wait until every party has agreed it.")
        write.set(outcome=outcome, outcome_reason=reason)
        if held:
            write.set(mediation_concluded=concluded_on)
        events.outcome_recorded_event(case=case, actor=acting_user, outcome=outcome, reason=reason)
    return case


def child_views_recorded(case: Case, acting_user: User) -> None:
    """A guard on every conclusion (registered for "conclude"): after a meeting the child did not attend, the
    steps taken to find out their views come first (legal review L12)."""
    if case.state == State.MEETING_HELD and child_views_missing(case):
        raise ValidationError("Record the steps taken to find out the child's views (or why none were "
                              "reasonable) before the outcome: the child did not attend.")
