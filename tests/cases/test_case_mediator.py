"""Issue 11: "is this the case's mediator" is read from the case's participant row, made by an allocation and
removed when it ends: the mediator's rights start and stop with the allocation."""

from __future__ import annotations

import pytest

from sendresolve.cases.selectors import is_case_mediator
from sendresolve.mediators import services as mediator_services
from tests.factories import mediator
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


def test_the_mediator_s_rights_start_and_stop_with_the_allocation():
    ready = make_ready()
    first = ready.mediator
    assert is_case_mediator(first.user, ready.case)  # positive control: allocated and declared
    assert not is_case_mediator(ready.officer, ready.case)
    objection = mediator_services.objection_raise(acting_user=ready.parent, allocation=ready.case.allocations.get(),
                                                  reason="We have met Tom before.")
    mediator_services.objection_decide(acting_user=ready.officer, objection=objection, upheld=True,
                                       reason="The family knows the mediator.")
    assert not is_case_mediator(first.user, ready.case)
    second = mediator(name="Grace Lin")
    mediator_services.allocation_create(acting_user=ready.officer, case=ready.case, mediator=second)
    assert is_case_mediator(second.user, ready.case) and not is_case_mediator(first.user, ready.case)
