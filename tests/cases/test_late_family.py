"""Legal review L2: a family past its 2-month contact deadline is told plainly that the date has passed, what it can
still do, and that a late appeal needs the Tribunal's agreement; a past date is never printed as an instruction."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.clock import CaseEvents, compute_deadlines
from sendresolve.clock.output import long_date
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.cases.test_family_request import answer_mediation
from tests.factories import mediation_case, organisation

pytestmark = pytest.mark.django_db


def _dates(sent):
    return {d.rule.id: d.due for d in compute_deadlines(CaseEvents(notice_sent=sent))}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_family_past_its_contact_date_is_told_it_has_passed_and_what_it_can_still_do(client):
    sent = timezone.localdate() - timedelta(days=75)
    answer_mediation(client, organisation("local_authority"), sent)
    page = _text(client.get("/request/check/").content.decode())
    dates = _dates(sent)
    assert f"The last day to contact the mediation adviser was {long_date(dates['T1'])}. That date has passed." in page
    assert "Sending this request does that" not in page
    assert "the SEND Tribunal has to agree to hear your appeal" in page
    assert "SENDIASS" in page


def test_a_family_past_its_appeal_date_is_told_that_too(client):
    sent = timezone.localdate() - timedelta(days=120)
    answer_mediation(client, organisation("local_authority"), sent)
    page = _text(client.get("/request/check/").content.decode())
    assert f"The usual deadline to appeal, 5pm on {long_date(_dates(sent)['T9'])}, has also passed." in page
    assert "Your appeal deadline is currently" not in page


def test_a_family_in_time_is_told_its_dates_as_instructions(client):
    sent = timezone.localdate() - timedelta(days=10)
    answer_mediation(client, organisation("local_authority"), sent)
    page = _text(client.get("/request/check/").content.decode())
    assert f"You must contact the mediation adviser by {long_date(_dates(sent)['T1'])}" in page
    assert "has passed" not in page


@pytest.mark.parametrize("days, words", [(20, "in time (the last day was"), (75, "after the last day")])
def test_the_acknowledgement_says_the_contact_was_made_in_time_or_late(days, words):
    mail.outbox.clear()
    mediation_case(sent_on=timezone.localdate() - timedelta(days=days), family_email="parent@example.test")
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [ack] = [m for m in mail.outbox if m.subject.endswith(")") and "We have your request" in m.subject]
    assert "You contacted the mediation adviser on" in ack.body and words in ack.body
    assert "Contact the mediation adviser about mediation before appealing:" not in ack.body
