"""A case ready to book: arranging, a mediator allocated who declared independence, the LA's decision-maker
named with authority to settle in writing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from sendresolve.mediators import services as mediator_services
from sendresolve.mediators.models import MediatorProfile
from sendresolve.meetings import people
from tests.factories import arranging_case, mediator, organisation, person


@dataclass
class Ready:
    case: Case
    officer: User
    la: Organisation
    la_officer: User
    decision_maker: User
    mediator: MediatorProfile
    parent: User


def make_ready(*, sections=("B", "F"), other_parties=(), family_email="sarah.collins@example.test",
               family_account: bool = True) -> Ready:
    """`family_account=False`: the family was entered by phone and has no account yet (`Ready.parent` is None)."""
    officer = person(Role.CASE_OFFICER)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name=f"Northshire County Council {id(officer)}")
    case = arranging_case(officer=officer, local_authority=la, sections=sections, other_parties=list(other_parties),
                          family_email=family_email)
    profile = mediator(name="Tom Okafor")
    allocation = mediator_services.allocation_create(acting_user=officer, case=case, mediator=profile)
    mediator_services.allocation_declare(acting_user=profile.user, allocation=allocation, knows_family=False,
                                         has_link=False)
    la_officer = person(Role.LA_OFFICER, la)
    decision_maker = person(Role.LA_DECISION_MAKER, la)
    people.attendee_name(acting_user=la_officer, case=case, attendee=decision_maker, confirm_authority=True,
                         typed_name=la_officer.full_name)
    family = case.participants.get(role="rights_holder")
    parent = family.user  # the account the case gave the family when it became a party
    if not family_account:  # set-up for a family the service never made an account for (an older case)
        family.user = None
        family.save(update_fields=["user"])
        parent.delete()
        parent = None
    return Ready(case, officer, la, la_officer, decision_maker, profile, parent)


@pytest.fixture
def ready(db) -> Ready:
    return make_ready()
