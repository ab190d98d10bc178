"""Issue 11 item 7: the school's, social care's and advocate's homes (and the family's) show their cases, their
next meetings and the agreed actions still to be done, not a promise that they "will appear here"."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.agreements import plans
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.extensions import is_standing_rule
from sendresolve.cases.models import Participant
from sendresolve.core.templatetags.sendresolve import moment
from sendresolve.core.timezones import LONDON
from sendresolve.meetings import booking
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import agree_all, draft
from tests.factories import organisation, person, signed_in_with_mfa
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


def take_part(user, case, role=Participant.Role.SCHOOL):
    """Set-up: the person is on the case (the case officer adds them on 'Who takes part')."""
    Participant.objects.create(case=case, role=role, name=user.full_name, email=user.email, user=user)


def booked_case():
    ready = make_ready()
    earliest, _ = case_meeting_window(ready.case, told_on=timezone.localdate())
    booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                         start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    return ready


def agreed_case():
    held = hold_meeting(make_ready())
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    return held


def home(client, user):
    signed_in_with_mfa(client, user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/home/").content.decode()
    return page, len(queries)


def test_a_school_sees_its_cases_its_next_meeting_and_what_is_still_to_do(client):
    school = person(Role.SCHOOL_REPRESENTATIVE, organisation(OrganisationKind.SCHOOL), totp=True)
    booked, agreed = booked_case(), agreed_case()
    for ready in (booked, agreed):
        take_part(school, ready.case)
    page, _ = home(client, school)
    assert booked.case.reference in page and agreed.case.reference in page
    meeting = booked.case.meetings.get()
    assert "Your next meetings" in page and f"meeting for {booked.case.reference}" in page
    actions = [d for d in agreed.case.deadlines.filter(in_queue=True) if is_standing_rule(d.rule)]
    assert actions and all(action.obligation in page for action in actions)
    assert moment(meeting.start) in page
    assert "will appear here" not in page


def test_someone_on_no_case_is_told_so_and_sees_nobody_else_s(client):
    booked_case(), agreed_case()  # other people's cases
    advocate = person(Role.ADVOCATE, totp=True)
    page, _ = home(client, advocate)
    assert "You are not taking part in any case yet" in page
    assert "No meeting is booked on your cases" in page and "No agreed action is waiting" in page


def test_the_home_page_costs_the_same_queries_for_one_case_or_many(client):
    social = person(Role.SOCIAL_CARE_REPRESENTATIVE, organisation(OrganisationKind.SOCIAL_CARE), totp=True)
    take_part(social, booked_case().case, Participant.Role.SOCIAL_CARE)
    _, one = home(client, social)
    client.logout()
    for _ in range(3):
        take_part(social, booked_case().case, Participant.Role.SOCIAL_CARE)
    page, many = home(client, social)
    assert page.count("meeting for ") == 4
    assert many == one
