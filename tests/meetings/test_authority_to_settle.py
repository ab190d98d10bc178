"""Legal review L10: every body whose issues are in dispute sends someone who can settle them, confirmed in writing
before the meeting can be booked; the LA-only reading is a setting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.meetings import booking, people
from tests.factories import organisation, person
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


def test_a_social_care_attendee_without_written_authority_stops_the_booking():
    social_care = organisation(OrganisationKind.SOCIAL_CARE, name="Northshire Children's Social Care")
    ready = make_ready(sections=("F", "H1"), other_parties=[social_care])
    representative = person(Role.SOCIAL_CARE_REPRESENTATIVE, social_care)
    with pytest.raises(ValidationError, match="Confirm that the attendee has authority to settle"):
        people.attendee_name(acting_user=representative, case=ready.case, attendee=representative,
                             confirm_authority=False)
    people.attendee_name(acting_user=representative, case=ready.case, attendee=representative,
                         confirm_authority=True, typed_name=representative.full_name)
    assert booking.booking_problems(ready.case) == []


def test_with_the_la_only_reading_an_icb_names_its_attendee_without_confirming(settings):
    settings.AUTHORITY_TO_SETTLE_BODIES = "la_only"
    icb = organisation(OrganisationKind.ICB, name="Northshire ICB")
    ready = make_ready(sections=("F", "G"), other_parties=[icb])
    representative = person(Role.ICB_REPRESENTATIVE, icb)
    people.attendee_name(acting_user=representative, case=ready.case, attendee=representative,
                         confirm_authority=False)
    assert booking.booking_problems(ready.case) == []
    settings.AUTHORITY_TO_SETTLE_BODIES = "every_party_body"
    assert booking.booking_problems(ready.case) == [
        "Northshire ICB has not confirmed in writing that its attendee has authority to settle the issues in "
        "dispute."]


def test_the_family_s_supporter_from_the_school_attends_as_of_right_unless_configured_otherwise(settings):
    from sendresolve.cases.models import Participant
    from sendresolve.meetings.attendance import case_standings

    school = organisation(OrganisationKind.SCHOOL, name="Meadow Lane Primary School")
    ready = make_ready()
    senco = people.participant_add(acting_user=ready.officer, case=ready.case, role=Participant.Role.SUPPORTER,
                                   name="Ms Patel (SENCO)", organisation=school)
    standing = next(s for s in case_standings(ready.case) if s.participant == senco)
    assert standing.may_attend and standing.basis == "The family's supporter, as of right"
    settings.SCHOOL_SUPPORTER_AS_OF_RIGHT = False
    standing = next(s for s in case_standings(ready.case) if s.participant == senco)
    assert not standing.may_attend
