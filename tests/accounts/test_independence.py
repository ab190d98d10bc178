"""Legal review L14: nobody employed by any LA in England, an ICB or NHS England acts as mediation adviser or
mediator; case officers and mediators declare it, and the declaration is checked where they act."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.accounts.models import IndependenceDeclaration
from sendresolve.accounts.roles import Role
from sendresolve.cases import services
from sendresolve.mediators.selectors import mediator_candidates
from tests.factories import arranging_case, mediation_case, mediator, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_an_officer_who_has_not_declared_cannot_act_as_adviser_until_they_do(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    IndependenceDeclaration.objects.filter(user=officer).delete()
    case = mediation_case()
    with pytest.raises(ValidationError, match="has not declared whether they are employed"):
        services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    home = signed_in_with_mfa(client, officer).get("/home/").content.decode()
    assert "declare whether you work for a local authority, an ICB or NHS England" in home
    refused = client.post("/accounts/independence/", {"employed": "yes", "details": ""})
    assert "Say which body employs you" in refused.content.decode()
    client.post("/accounts/independence/", {"employed": "yes", "details": "Kent County Council"})
    with pytest.raises(ValidationError, match="employed by Kent County Council, so is not independent"):
        services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    client.post("/accounts/independence/", {"employed": "no"})
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")


def test_a_mediator_employed_by_any_la_is_listed_with_the_reason_and_cannot_be_allocated():
    case = arranging_case()
    employed = mediator(name="Jo Public")
    IndependenceDeclaration.objects.filter(user=employed.user).update(employed_by_public_body=True,
                                                                      details="Surrey County Council")
    reasons = {c.profile.pk: c.reasons for c in mediator_candidates(case)}
    assert "Works for Surrey County Council: not independent" in reasons[employed.pk]
    from sendresolve.mediators import services as mediator_services

    with pytest.raises(mediator_services.AllocationRefused, match="not independent"):
        mediator_services.allocation_create(acting_user=person(Role.CASE_OFFICER), case=case, mediator=employed)
