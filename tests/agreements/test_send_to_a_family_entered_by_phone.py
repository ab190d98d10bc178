"""Issue 11: an Action Plan can be sent when the family was entered by phone before families got accounts on
entry, and the meeting was booked directly: the family gets its code-sign-in account as the plan is sent. With no
e-mail address at all, the mediator is told what to do, not only that "they have no account"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sendresolve.agreements import plans
from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.models import Participant
from sendresolve.notifications.models import OutboundEmail
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import draft
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


def test_the_plan_is_sent_and_the_family_gets_an_account_for_its_own_address():
    held = hold_meeting(make_ready(family_account=False))
    family = held.case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    assert family.user is None  # set-up: an older case, no account
    plan = draft(held)
    plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision)
    family.refresh_from_db()
    assert family.user is not None and family.user.email == "sarah.collins@example.test"
    assert ActionPlan.objects.get(pk=plan.pk).status == ActionPlan.Status.SENT
    assert OutboundEmail.objects.filter(to="sarah.collins@example.test", subject__icontains="plan").exists()


def test_a_family_with_no_e_mail_address_is_refused_with_what_to_do_and_nothing_changes():
    held = hold_meeting(make_ready(family_account=False))
    Participant.objects.filter(case=held.case, role=Participant.Role.RIGHTS_HOLDER).update(email="")  # set-up
    plan = draft(held)
    with pytest.raises(ValidationError, match="no e-mail address for them to sign in with"):
        plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision)
    assert ActionPlan.objects.get(pk=plan.pk).status == ActionPlan.Status.DRAFT
