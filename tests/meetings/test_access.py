"""The meeting, its link and its participant list are for the people invited (and the organisers for the
list): everyone else gets 404, as if there were no meeting. Every meeting page renders for those it is for."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import Participant
from sendresolve.meetings import availability, booking, people
from sendresolve.meetings.scheduling import LONDON
from tests.factories import arranging_case, give_totp, mediator, organisation, person
from tests.factories import signed_in_with_mfa as signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(ready):
    case = ready.case
    for user in (ready.officer, ready.la_officer, ready.decision_maker, ready.mediator.user):
        give_totp(user)
    supporter_user = person(Role.FAMILY_MEMBER, email="second.supporter@example.test")
    people.participant_add(acting_user=ready.officer, case=case, role=Participant.Role.SUPPORTER, name="Ruth")
    people.participant_add(acting_user=ready.officer, case=case, role=Participant.Role.SUPPORTER, name="Jo",
                           email=supporter_user.email)
    earliest, _ = case_meeting_window(case, told_on=timezone.localdate())
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, place=booking.MeetingPlace(),
                                   start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    return ready, meeting, supporter_user


def test_the_meeting_link_and_who_is_coming_are_for_the_invited_only(client, booked):
    ready, meeting, second_supporter = booked
    url = f"/cases/{ready.case.reference}/meeting/"
    for invited in (ready.parent, ready.decision_maker, ready.mediator.user):
        page = signed_in(client, invited).get(url)
        assert page.status_code == 200, invited
        assert meeting.video_link in page.content.decode() and "Tom Okafor" in page.content.decode()
        client.logout()
    other_la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    not_invited = [ready.officer, ready.la_officer, second_supporter, person(Role.FAMILY_MEMBER),
                   person(Role.LA_DECISION_MAKER, other_la, totp=True), person(Role.MEDIATOR, totp=True),
                   person(Role.ICB_REPRESENTATIVE, totp=True)]
    for user in not_invited:
        response = signed_in(client, user).get(url)
        assert response.status_code == 404, user
        assert meeting.video_link not in response.content.decode()
        client.logout()
    for user in (ready.officer, ready.la_officer):  # the case page never shows the link
        response = signed_in(client, user).get(f"/cases/{ready.case.reference}/")
        assert response.status_code == 200, (user, response.status_code)
        case_page = response.content.decode()
        assert meeting.video_link not in case_page and "Booked for" in case_page
        client.logout()


def test_the_participant_list_is_for_the_organisers_only(client, booked):
    ready, _, second_supporter = booked
    url = f"/cases/{ready.case.reference}/people/"
    for organiser in (ready.officer, ready.mediator.user):
        assert signed_in(client, organiser).get(url).status_code == 200
        client.logout()
    for user in (ready.parent, ready.la_officer, ready.decision_maker, second_supporter,
                 person(Role.MEDIATOR, totp=True)):
        assert signed_in(client, user).get(url).status_code == 404, user
        client.logout()


def test_a_mediator_sees_only_cases_allocated_to_them(client, ready):
    give_totp(ready.mediator.user)
    other = arranging_case(officer=ready.officer, local_authority=ready.la)
    client = signed_in(client, ready.mediator.user)
    assert client.get(f"/cases/{ready.case.reference}/").status_code == 200
    for path in ("", "people/", "meeting/", "availability/", "mediator/", "attendee/"):
        assert client.get(f"/cases/{other.reference}/{path}").status_code == 404, path
    assert client.get(f"/mediators/cases/{other.reference}/declare/").status_code == 404


def test_the_arranging_pages_render_for_their_users(client, ready):
    for user in (ready.officer, ready.la_officer, ready.mediator.user):
        give_totp(user)
    case = ready.case
    officer = signed_in(client, ready.officer)
    for path in ("mediator/", "people/", "availability/"):
        assert officer.get(f"/cases/{case.reference}/{path}").status_code == 200, path
    assert officer.get("/mediators/register/").status_code == 200
    availability.availability_request(acting_user=ready.officer, case=case)
    page = officer.get(f"/cases/{case.reference}/availability/").content.decode()
    assert "Waiting for" in page and "Tom Okafor" in page
    client.logout()
    la = signed_in(client, ready.la_officer)
    assert la.get(f"/cases/{case.reference}/attendee/").status_code == 200
    assert la.get(f"/cases/{case.reference}/mediator/object/").status_code == 200
    assert la.get(f"/cases/{case.reference}/availability/").status_code == 404
    client.logout()
    signed_in(client, ready.parent)
    page = client.get(f"/cases/{case.reference}/availability/mine/")
    assert page.status_code == 200 and "Morning" in page.content.decode()
    client.logout()
    signed_in(client, ready.mediator.user)
    assert client.get("/mediators/").status_code == 200
    assert client.get(f"/cases/{case.reference}/availability/mine/").status_code == 200


def test_an_unallocated_mediator_cannot_declare_or_see_the_case(client, ready):
    outsider = mediator()
    give_totp(outsider.user)
    signed_in(client, outsider.user)
    assert client.get(f"/mediators/cases/{ready.case.reference}/declare/").status_code == 404
    assert client.get(f"/cases/{ready.case.reference}/").status_code == 404
