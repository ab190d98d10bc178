"""Issue 11: one writer per transition. Every transition goes through `case_transition`, so a guard an app
registers holds whichever service asks for it; every domain refusal is a `Refused`."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.agreements.outcomes import case_record_outcome
from sendresolve.agreements.plans import PlanConflict
from sendresolve.cases import services
from sendresolve.cases.intake_services import LimitReached
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.cases.transitions import GUARDS
from sendresolve.core.refusals import Refused
from sendresolve.mediators.services import AllocationRefused
from sendresolve.meetings import people
from sendresolve.meetings.booking import MeetingNotReady
from tests.agreements.conftest import hold_meeting
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CHILD_VIEWS = "Record the steps taken to find out the child's views"


def held_without_child_views():
    ready = make_ready()
    held = hold_meeting(ready)
    held.case.child_views_steps.all().delete()  # set-up: as before the mediator records them
    return held


@pytest.mark.parametrize("writer", ["case_conclude", "case_record_outcome"])
def test_both_writers_of_conclude_run_the_guard_agreements_registered(writer):
    held = held_without_child_views()
    conclude = {
        "case_conclude": lambda: services.case_conclude(acting_user=held.officer, case=held.case,
                                                        concluded_on=TODAY),
        "case_record_outcome": lambda: case_record_outcome(acting_user=held.mediator.user, case=held.case,
                                                           outcome="not_agreed", concluded_on=TODAY),
    }[writer]
    with pytest.raises(ValidationError, match=CHILD_VIEWS):
        conclude()
    held.case.refresh_from_db()
    assert held.case.state == State.MEETING_HELD and held.case.mediation_concluded is None
    people.child_views_record(acting_user=held.mediator.user, case=held.case,
                              steps="Sam's views were written with his teacher and read out")
    assert conclude().state == State.CONCLUDED  # positive control: the same writer, once the guard is met


def test_the_guard_is_registered_once_however_often_ready_runs():
    from django.apps import apps

    before = list(GUARDS["conclude"])
    apps.get_app_config("agreements").ready()
    assert GUARDS["conclude"] == before and len(before) == 1


def test_a_refusal_inside_a_transition_changes_nothing():
    officer = make_ready().officer
    from tests.factories import mediation_case

    case = mediation_case(acting_user=officer, sections=("I",), decision_type="plan_contents")
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    with pytest.raises(TransitionNotAllowed, match="No certificate is needed"):
        services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    case.refresh_from_db()
    assert case.state == State.ADVISER_INFORMATION_GIVEN and case.ma_informed_declined is None


def test_every_domain_refusal_is_a_refused():
    for kind in (TransitionNotAllowed, LimitReached, PlanConflict, MeetingNotReady, AllocationRefused):
        assert issubclass(kind, Refused), kind
