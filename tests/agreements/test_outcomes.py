"""The outcome: agreed only with a plan every party agreed; the post-mediation certificate by the configured
role, with the appeal deadline recomputed even when agreement was reached."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.agreements import plans
from sendresolve.agreements.outcomes import case_record_outcome
from sendresolve.cases import services
from sendresolve.cases.choices import Outcome
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.clock import appeal_deadline
from tests.agreements.test_plans import agree_all, draft

pytestmark = pytest.mark.django_db
TODAY = None


def test_a_plan_not_agreed_by_every_party_is_not_an_agreement(held):
    plan = plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1)
    plans.plan_agree(acting_user=held.parent, plan=plan, confirmed=True, typed_name="Sarah Collins")
    with pytest.raises(ValidationError, match="not been agreed by every party"):
        case_record_outcome(acting_user=held.mediator.user, case=held.case, outcome=Outcome.AGREED_IN_PART,
                            concluded_on=timezone.localdate())
    held.case.refresh_from_db()
    assert held.case.state == State.MEETING_HELD and not held.case.outcome
    case = case_record_outcome(acting_user=held.mediator.user, case=held.case, outcome=Outcome.NOT_AGREED,
                               concluded_on=timezone.localdate())
    assert (case.state, case.outcome) == (State.CONCLUDED, Outcome.NOT_AGREED)


def test_agreed_then_the_certificate_and_the_appeal_deadline_still_shown(held, settings):
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    with pytest.raises(PermissionDenied):
        case_record_outcome(acting_user=held.la_officer, case=held.case, outcome=Outcome.AGREED_IN_PART,
                            concluded_on=timezone.localdate())
    case = case_record_outcome(acting_user=held.mediator.user, case=held.case, outcome=Outcome.AGREED_IN_PART,
                               concluded_on=timezone.localdate())
    assert case.deadlines.filter(rule="T7").exists()
    settings.CERTIFICATE_ISSUER_AFTER_MEDIATION = "mediator"
    with pytest.raises(PermissionDenied, match="mediator issues"):
        services.certificate_issue(acting_user=held.officer, case=case)
    certificate = services.certificate_issue(acting_user=held.mediator.user, case=case)
    assert certificate.type == "after_mediation" and certificate.issued_as == "mediator"
    expected = appeal_deadline(case.decision.sent_on, certificate.issued_on).due
    assert certificate.appeal_deadline == expected
    assert case.deadlines.get(rule="T9").due == expected
    assert case.deadlines.get(rule="T7").met_on == certificate.issued_on


def test_outcomes_that_do_not_fit_are_refused(held):
    with pytest.raises(TransitionNotAllowed, match="meeting was held"):
        case_record_outcome(acting_user=held.officer, case=held.case, outcome=Outcome.NOT_HELD,
                            concluded_on=timezone.localdate(), reason="x")
    with pytest.raises(ValidationError, match="Give the reason"):
        case_record_outcome(acting_user=held.officer, case=held.case, outcome=Outcome.WITHDRAWN,
                            concluded_on=timezone.localdate())


def test_the_outcome_waits_for_the_steps_taken_to_hear_a_child_who_did_not_attend(db):
    """Legal review L12: where a parent is the party and the child did not attend."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from sendresolve.agreements.outcomes import case_record_outcome
    from sendresolve.meetings import people
    from tests.agreements.conftest import hold_meeting
    from tests.meetings.conftest import make_ready

    ready = make_ready()
    held = hold_meeting(ready)
    held.case.child_views_steps.all().delete()  # set-up: as if the mediator had not recorded them yet
    with pytest.raises(ValidationError, match="Record the steps taken to find out the child's views"):
        case_record_outcome(acting_user=held.officer, case=held.case, outcome="not_agreed",
                            concluded_on=timezone.localdate())
    people.child_views_record(acting_user=held.mediator.user, case=held.case,
                              steps="None were reasonable: Sam is 4 and his views were shared by his nursery")
    case = case_record_outcome(acting_user=held.officer, case=held.case, outcome="not_agreed",
                               concluded_on=timezone.localdate())
    assert case.outcome == "not_agreed"
