"""Allocating an independent mediator: employment blocks outright, declared links and conflicts refuse with
the reason, objections are decided and recorded, and a mediator sees only the cases allocated to them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import CaseEvent, Participant
from sendresolve.cases.selectors import cases_visible_to
from sendresolve.mediators import selectors, services
from sendresolve.mediators.events import MediatorEvent
from sendresolve.mediators.models import AvailabilitySlot, Exclusion, Specialism
from tests.factories import arranging_case, mediator, organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    officer = person(Role.CASE_OFFICER)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    case = arranging_case(officer=officer, local_authority=la)
    return officer, la, case


def test_a_mediator_employed_by_the_la_is_not_offered_and_one_with_a_declared_link_is_refused_with_the_reason(
        setting):
    officer, la, case = setting
    employed = mediator(exclusions=[(la, Exclusion.Reason.EMPLOYED, "SEN team")])
    former = mediator(exclusions=[(la, Exclusion.Reason.FORMERLY_EMPLOYED, "until 2023")])
    linked = mediator(exclusions=[(la, Exclusion.Reason.DECLARED_LINK, "sits on its SEND panel")])
    free = mediator()
    offered = {candidate.profile: candidate for candidate in selectors.mediator_candidates(case)}
    assert employed not in offered and former not in offered
    assert offered[free].eligible
    assert not offered[linked].eligible
    assert offered[linked].reasons == ["Declared link with Northshire County Council: sits on its SEND panel"]
    for refused, reason in ((linked, "sits on its SEND panel"), (employed, "not independent")):
        with pytest.raises(services.AllocationRefused, match=reason):
            services.allocation_create(acting_user=officer, case=case, mediator=refused)
    assert not case.allocations.exists()

    allocation = services.allocation_create(acting_user=officer, case=case, mediator=free)
    assert case.participants.filter(role=Participant.Role.MEDIATOR, user=free.user).exists()
    assert CaseEvent.objects.filter(case=case, type=MediatorEvent.MEDIATOR_ALLOCATED).exists()
    assert allocation.declared_independent_at is None
    with pytest.raises(services.AllocationRefused, match="already has a mediator"):
        services.allocation_create(acting_user=officer, case=case, mediator=mediator())


def test_a_mediator_sees_only_the_cases_allocated_to_them(setting):
    officer, la, case = setting
    other_case = arranging_case(officer=officer, local_authority=la)
    mine = mediator()
    assert not cases_visible_to(mine.user).exists()
    services.allocation_create(acting_user=officer, case=case, mediator=mine)
    assert list(cases_visible_to(mine.user)) == [case]
    assert other_case not in cases_visible_to(mine.user)


def test_a_declared_conflict_sends_the_case_back_for_reallocation_with_the_reason_on_the_timeline(setting):
    officer, la, case = setting
    first = mediator()
    allocation = services.allocation_create(acting_user=officer, case=case, mediator=first)
    with pytest.raises(PermissionDenied):
        services.allocation_declare(acting_user=officer, allocation=allocation, knows_family=False, has_link=False)
    services.allocation_declare(acting_user=first.user, allocation=allocation, knows_family=True, has_link=False,
                                details="Our children are in the same class")
    allocation.refresh_from_db()
    assert not allocation.active and "same class" in allocation.end_reason
    event = CaseEvent.objects.get(case=case, type=MediatorEvent.MEDIATOR_CONFLICT)
    assert "same class" in event.parameters["reason"]
    assert case not in cases_visible_to(first.user)  # their access went with the allocation
    candidate = next(c for c in selectors.mediator_candidates(case) if c.profile == first)
    assert not candidate.eligible and "Taken off this case before" in candidate.reasons[0]
    second = mediator()
    services.allocation_create(acting_user=officer, case=case, mediator=second)
    services.allocation_declare(acting_user=second.user, allocation=selectors.active_allocation(case),
                                knows_family=False, has_link=False)
    assert selectors.active_allocation(case).declared_independent_at is not None


def test_an_objection_is_decided_by_the_case_officer_and_recorded(setting):
    officer, la, case = setting
    parent = person(Role.FAMILY_MEMBER)
    case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).update(user=parent)
    first = mediator()
    allocation = services.allocation_create(acting_user=officer, case=case, mediator=first)
    with pytest.raises(PermissionDenied):  # someone who is not a party cannot object
        services.objection_raise(acting_user=person(Role.FAMILY_MEMBER), allocation=allocation, reason="No")
    objection = services.objection_raise(acting_user=parent, allocation=allocation, reason="They mediated our "
                                         "neighbour's case badly")
    assert objection.party == "The family"
    with pytest.raises(PermissionDenied):
        services.objection_decide(acting_user=parent, objection=objection, upheld=True, reason="x")
    services.objection_decide(acting_user=officer, objection=objection, upheld=False,
                              reason="No conflict of interest was shown")
    assert selectors.active_allocation(case) == allocation
    la_officer = person(Role.LA_OFFICER, la)
    second = services.objection_raise(acting_user=la_officer, allocation=allocation, reason="Availability")
    assert second.party == "Northshire County Council"
    services.objection_decide(acting_user=officer, objection=second, upheld=True, reason="Cannot meet in time")
    assert selectors.active_allocation(case) is None
    decided = CaseEvent.objects.filter(case=case, type=MediatorEvent.MEDIATOR_OBJECTION_DECIDED)
    assert [e.parameters["reason"] for e in decided] == ["No conflict of interest was shown", "Cannot meet in time"]


def test_candidates_are_ranked_by_specialism_then_earliest_availability_inside_the_window(setting):
    officer, la, _ = setting
    icb = organisation(OrganisationKind.ICB)
    case = arranging_case(officer=officer, local_authority=la, sections=("F", "G"), other_parties=[icb])
    soon = timezone.now() + timedelta(days=10)
    generalist_soon = mediator(name="A Generalist")
    health_later = mediator(name="B Health", specialisms=[Specialism.HEALTH])
    health_sooner = mediator(name="C Health", specialisms=[Specialism.HEALTH])
    full = mediator(name="D Full", specialisms=[Specialism.HEALTH], capacity=0)
    AvailabilitySlot.objects.create(mediator=generalist_soon, start=soon, end=soon + timedelta(hours=3))
    AvailabilitySlot.objects.create(mediator=health_later, start=soon + timedelta(days=5),
                                    end=soon + timedelta(days=5, hours=3))
    AvailabilitySlot.objects.create(mediator=health_sooner, start=soon + timedelta(days=1),
                                    end=soon + timedelta(days=1, hours=3))
    AvailabilitySlot.objects.create(mediator=health_later, start=soon + timedelta(days=90),
                                    end=soon + timedelta(days=90, hours=3))  # outside the 30 days: not counted
    ranked = [c.profile for c in selectors.mediator_candidates(case)]
    assert ranked == [health_sooner, health_later, generalist_soon, full]
    assert selectors.mediator_candidates(case)[-1].reasons == ["At capacity (0 of 0 cases)"]


def test_ranking_takes_a_fixed_number_of_queries_however_many_mediators(setting, django_assert_max_num_queries):
    _, la, case = setting
    for _ in range(3):
        mediator()
    with django_assert_max_num_queries(12) as few:
        selectors.mediator_candidates(case)
    for _ in range(30):
        mediator(exclusions=[(la, Exclusion.Reason.DECLARED_LINK, "link")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(selectors.mediator_candidates(case)) == 33


def test_a_conflicts_details_and_an_objection_are_for_staff_and_the_decision_for_everyone(setting):
    from sendresolve.cases.selectors import case_timeline

    officer, la, case = setting
    first = mediator()
    allocation = services.allocation_create(acting_user=officer, case=case, mediator=first)
    services.allocation_declare(acting_user=first.user, allocation=allocation, knows_family=True, has_link=False,
                                details="Our children are in the same class")
    second = services.allocation_create(acting_user=officer, case=case, mediator=mediator())
    objection = services.objection_raise(acting_user=person(Role.LA_OFFICER, la), allocation=second,
                                         reason="Too slow last time")
    services.objection_decide(acting_user=officer, objection=objection, upheld=False, reason="No evidence")
    family_sees = {e.type for e in case_timeline(case, staff=False)}
    staff_sees = {e.type for e in case_timeline(case, staff=True)}
    assert {MediatorEvent.MEDIATOR_CONFLICT, MediatorEvent.MEDIATOR_OBJECTION} <= staff_sees
    assert not {MediatorEvent.MEDIATOR_CONFLICT, MediatorEvent.MEDIATOR_OBJECTION} & family_sees
    assert MediatorEvent.MEDIATOR_OBJECTION_DECIDED in family_sees


def test_a_mediator_s_caseload_is_their_open_cases_and_a_closed_one_stays_in_their_case_list():
    from sendresolve.cases.models import Case
    from sendresolve.cases.selectors import recent_cases

    officer = person(Role.CASE_OFFICER)
    profile = mediator()
    open_case, finished = arranging_case(officer=officer), arranging_case(officer=officer)
    for case in (open_case, finished):
        services.allocation_create(acting_user=officer, case=case, mediator=profile)
    assert {a.case_id for a in selectors.mediator_caseload(profile)} == {open_case.pk, finished.pk}  # positive control
    Case.objects.filter(pk=finished.pk).update(state="closed")  # set-up: the case closed years ago
    assert [a.case_id for a in selectors.mediator_caseload(profile)] == [open_case.pk]
    assert finished.pk in {case.pk for case in recent_cases(profile.user, 10)}
