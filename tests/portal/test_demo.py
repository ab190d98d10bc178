"""The demo a new user sees: every role can sign in and cases sit in every stage across several LAs."""

import pytest

from sendresolve.accounts.models import User
from sendresolve.cases.models import Case
from sendresolve.cases.states import State
from sendresolve.portal.demo import DEMO_PASSWORD, PEOPLE, demo_is_needed, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_person_per_role_and_cases_in_every_stage():
    assert demo_is_needed()
    sign_ins = demo_load()
    assert len(sign_ins) == len(PEOPLE)
    assert not demo_is_needed()
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    assert officer.check_password(DEMO_PASSWORD)
    assert not User.objects.get(email="parent@demo.sendresolve.test").has_usable_password()
    states = set(Case.objects.values_list("state", flat=True))
    assert states >= {State.REQUEST_RECEIVED, State.CERTIFICATE_REQUESTED, State.MEDIATION_REQUESTED,
                      State.ARRANGING, State.WITHDRAWN, State.UNABLE_TO_ARRANGE, State.CERTIFICATE_ISSUED,
                      State.NO_CERTIFICATE_NEEDED, State.DECLINED, State.CLOSED, State.MEETING_BOOKED}
    assert Case.objects.values("local_authority").distinct().count() == 3
    assert Case.objects.filter(participants__user__email="parent@demo.sendresolve.test").count() == 1


def test_the_demo_mediator_has_cases_and_times_and_the_demo_family_is_asked_when_it_can_meet():
    from sendresolve.mediators.models import MediatorProfile
    from sendresolve.meetings.selectors import current_request

    demo_load()
    tom = MediatorProfile.objects.get(user__email="mediator@demo.sendresolve.test")
    assert tom.allocations.filter(ended_at__isnull=True).count() == 3 and tom.availability.exists()
    family_case = Case.objects.get(participants__user__email="parent@demo.sendresolve.test")
    assert current_request(family_case).answers.filter(participant__user__email="parent@demo.sendresolve.test")
    assert MediatorProfile.objects.count() == 3


def test_the_demo_has_an_agreed_plan_with_its_actions_tracked():
    from sendresolve.agreements.models import ActionPlan

    demo_load()
    plan = ActionPlan.objects.get(status=ActionPlan.Status.AGREED)
    rules = set(plan.case.deadlines.filter(plan_action__isnull=False).values_list("rule", flat=True))
    assert rules == {"T10.assess.notify", "T10.assess.no_plan", "T10.assess.final_plan", "T11"}
