"""Issue 11, item 8: what a new user trips over, each checked as the person would see it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import mediation_case, mediator, person, signed_in_with_mfa
from tests.meetings.conftest import make_ready
from tests.meetings.test_booking import ONLINE, at, first_good_day

pytestmark = pytest.mark.django_db


def test_the_register_shows_specialisms_in_words(client):
    mediator(specialisms=["social_care", "post_16"])
    page = signed_in_with_mfa(client, person("case_officer", totp=True)).get("/mediators/register/").content.decode()
    assert "Social care, Post-16 and young people" in page and "post_16" not in page


def test_step_buttons_keep_the_la_s_capitals(client):
    from sendresolve.cases import services

    officer = person("case_officer", totp=True)
    case = mediation_case(acting_user=officer)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    services.case_request_mediation(acting_user=officer, case=case, asked_on=today)
    page = signed_in_with_mfa(client, officer).get(f"/cases/{case.reference}/").content.decode()
    assert "Save: LA cannot arrange within 30 days" in page and "Save: la cannot" not in page


def test_the_invitation_does_not_ask_the_family_to_reply_to_a_no_reply_address():
    ready = make_ready()
    from sendresolve.meetings import booking

    mail.outbox.clear()
    booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                         place=ONLINE)
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [family] = [m for m in mail.outbox if m.to == [ready.parent.email] and "booked" in m.subject]
    assert "replying to this e-mail" not in family.body
    assert f"/cases/{ready.case.reference}/" in family.body
    assert "(online (video call))" not in family.body


def test_nobody_is_offered_an_objection_to_the_mediator_once_the_meeting_is_held(client):
    from tests.agreements.conftest import hold_meeting

    ready = make_ready()
    page = signed_in_with_mfa(client, ready.parent).get(f"/cases/{ready.case.reference}/").content.decode()
    assert "Object to the mediator" in page  # positive control: while arranging
    held = hold_meeting(ready)
    page = client.get(f"/cases/{held.case.reference}/").content.decode()
    assert "Object to the mediator" not in page
