"""The pages of a case with a meeting and an agreed plan cost the same number of queries however many
actions, updates and people the case has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendresolve.agreements import followup, plans
from sendresolve.cases.models import Participant
from sendresolve.meetings import people
from tests.agreements.test_plans import agree_all
from tests.factories import signed_in_with_mfa

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def _plan(held, actions: int):
    lines = [plans.ActionLine(f"Action number {n}", "la", "non_appealable") for n in range(actions)]
    current = plans.current_plan(held.case)
    plan = plans.plan_save_draft(acting_user=held.mediator.user, case=held.case,
                                 revision=current.revision if current else 0, issues_discussed="Section F",
                                 issues_unresolved="", actions=lines)
    return agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision))


@pytest.mark.parametrize("who", ["officer", "la_officer", "parent", "mediator"])
def test_case_duties_and_people_pages_do_not_grow_with_the_case(client, held, who):
    user = getattr(held, who) if who != "mediator" else held.mediator.user
    client = signed_in_with_mfa(client, user)
    _plan(held, 2)
    urls = [f"/cases/{held.case.reference}/", f"/cases/{held.case.reference}/duties/"]
    if who in ("officer", "mediator"):
        urls.append(f"/cases/{held.case.reference}/people/")
    few = [_queries(client, url) for url in urls]
    _plan(held, 9)
    for duty in held.case.deadlines.filter(plan_action__isnull=False)[:4]:
        followup.duty_mark_done(acting_user=held.la_officer, case=held.case, action_id=duty.plan_action_id,
                                rule=duty.rule, note="Done")
    for n in range(4):
        people.participant_add(acting_user=held.officer, case=held.case, role=Participant.Role.SCHOOL,
                               name=f"Teacher {n}")
    assert [_queries(client, url) for url in urls] == few
