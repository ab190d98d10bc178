"""Legal review L13: who holds the rights. A young person only once over compulsory school age; someone acting for a
young person who lacks capacity says on what basis; parents are not parties in a young person's own case; a
looked-after child's case is flagged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases import services
from sendresolve.cases.models import Participant
from sendresolve.clock import compulsory_school_age_ends
from sendresolve.meetings.attendance import party_roles
from tests.cases.test_family_request import date_fields
from tests.factories import organisation, person, signed_in_with_mfa

TODAY = timezone.localdate()


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)))
def test_compulsory_school_age_ends_on_the_last_friday_of_june_of_the_school_year_they_turn_16(born):
    ends = compulsory_school_age_ends(born)
    assert ends.weekday() == 4 and ends.month == 6 and (ends + timedelta(days=7)).month == 7
    sixteenth_year = born.year + 16
    school_year_start = date(ends.year - 1, 9, 1)
    turns_16 = date(sixteenth_year, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)
    assert school_year_start <= turns_16 < date(ends.year, 9, 1)


def _create(**fields):
    officer = person("case_officer")
    data = dict(acting_user=officer, kind="mediation", local_authority=organisation(OrganisationKind.LOCAL_AUTHORITY),
                child_name="Leo Grant", child_date_of_birth=date(TODAY.year - 15, 1, 1), rights_holder="parent",
                contacted_on=TODAY, contact_method="phone", family_name="Emma Grant", family_email="e@example.test",
                decision=services.DecisionDetails("refusal_to_assess", TODAY, TODAY),
                issues=[services.IssueDetails(description="An assessment")])
    return services.case_create(**{**data, **fields})


@pytest.mark.django_db
def test_a_child_of_school_age_cannot_be_their_own_party():
    with pytest.raises(ValidationError, match="compulsory school age until"):
        _create(rights_holder="young_person", family_name="Leo Grant")
    case = _create(rights_holder="young_person", child_date_of_birth=date(TODAY.year - 18, 1, 1))
    assert case.rights_holder == "young_person"


@pytest.mark.django_db
def test_someone_acting_for_a_young_person_says_on_what_basis():
    adult = date(TODAY.year - 19, 3, 3)
    with pytest.raises(ValidationError, match="on what basis they act"):
        _create(rights_holder="alternative_person", child_date_of_birth=adult)
    case = _create(rights_holder="alternative_person", child_date_of_birth=adult, alternative_basis="deputy")
    assert case.get_alternative_basis_display() == "A deputy appointed by the Court of Protection"


@pytest.mark.django_db
def test_a_parent_is_not_a_party_in_a_young_person_s_own_case():
    young = _create(rights_holder="young_person", child_date_of_birth=date(TODAY.year - 18, 1, 1))
    child = _create()
    assert Participant.Role.SECOND_PARENT not in party_roles(young)
    assert Participant.Role.SECOND_PARENT in party_roles(child)


@pytest.mark.django_db
def test_online_a_young_person_too_young_is_told_their_parent_asks(client):
    client.post("/request/who/", {"rights_holder": "young_person"})
    client.post("/request/about/", {"about": "other"})
    client.post("/request/other-party/", {"other_party": "school", "description": "No support"})
    page = client.post("/request/child/", {"child_name": "Leo", **date_fields("child_date_of_birth", date(
        TODAY.year - 12, 1, 1))}).content.decode()
    assert "their parent or carer asks for them" in page


@pytest.mark.django_db
def test_online_someone_acting_for_a_young_person_is_asked_the_basis(client):
    assert client.post("/request/who/", {"rights_holder": "alternative_person"})["Location"] == "/request/alternative/"
    page = client.get("/request/alternative/").content.decode()
    assert "On what basis do you act for the young person?" in page


@pytest.mark.django_db
def test_a_looked_after_child_s_case_is_flagged_to_staff(client):
    officer = person("case_officer", totp=True)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Eastvale City Council")
    case = _create(local_authority=la, looked_after_by=la)
    page = signed_in_with_mfa(client, officer).get(f"/cases/{case.reference}/").content.decode()
    assert "is looked after by Eastvale City Council" in page and "Virtual School Head" in page
