"""Issue 11: after a refused booking the proposed times read as they did before it (a day and a GOV.UK time),
not as raw timestamps, and the officer's choice is kept."""

from __future__ import annotations

import re

import pytest

from sendresolve.core.timezones import clock_time
from sendresolve.meetings import availability, selectors
from tests.factories import give_totp, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_a_refused_booking_shows_the_proposed_times_in_words_and_keeps_the_choice(ready, client):
    round_ = availability.availability_request(acting_user=ready.officer, case=ready.case)
    offered = selectors.offered_slots(round_)
    common = offered[2]
    answers = {a.participant.role: a for a in round_.answers.select_related("participant")}
    for user, role in ((ready.parent, "rights_holder"), (ready.decision_maker, "la_decision_maker"),
                       (ready.mediator.user, "mediator")):
        availability.availability_give(acting_user=user, answer=answers[role], slots=[common])
    signed_in_with_mfa(client, give_totp(ready.officer))
    url = f"/cases/{ready.case.reference}/availability/"
    wording = (f"{selectors.local_time(common.start):%A %-d %B %Y}, {clock_time(common.start)} to "
               f"{clock_time(common.end)}")
    assert wording in client.get(url).content.decode()  # positive control: the page before any refusal

    refused = client.post(url + "book/", {"book-start": common.start.isoformat(), "book-format": "in_person",
                                          "book-venue": ""})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "There is a problem" in page
    assert wording in page
    assert f">{common.start.isoformat()}<" not in page and "+00:00 " not in page
    radio = re.search(rf'<input[^>]*value="{re.escape(common.start.isoformat())}"[^>]*>', page).group(0)
    assert "checked" in radio
    assert ready.case.meetings.count() == 0


def test_the_arranging_page_and_the_case_page_give_the_same_last_day(client):
    """Issue 11: when the 30 days end on a weekend, both pages say when to act by, not only the case page."""
    from datetime import timedelta

    from django.utils import timezone

    from sendresolve.accounts.roles import Role
    from sendresolve.cases import services
    from sendresolve.clock.output import long_date
    from tests.factories import mediation_case, person

    officer = person(Role.CASE_OFFICER, totp=True)
    today = timezone.localdate()
    asked = next(day for day in (today - timedelta(days=n) for n in range(7)) if (day + timedelta(30)).weekday() == 5)
    case = mediation_case(acting_user=officer, sent_on=asked - timedelta(days=20))
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=asked, method="phone")
    services.case_request_mediation(acting_user=officer, case=case, asked_on=asked)
    services.case_start_arranging(acting_user=officer, case=case, on=asked)
    deadline = case.deadlines.get(rule__in=("T4a", "T4b"))
    assert deadline.due.weekday() == 5 and deadline.act_by is not None and deadline.act_by < deadline.due
    signed_in_with_mfa(client, officer)
    case_page = client.get(f"/cases/{case.reference}/").content.decode()
    arranging = client.get(f"/cases/{case.reference}/availability/").content.decode()
    for page in (case_page, arranging):
        assert long_date(deadline.due) in page
        assert f"act by {long_date(deadline.act_by)}" in page or \
            f"act by <strong>{long_date(deadline.act_by)}</strong>" in page


def test_when_can_you_meet_starts_from_the_times_the_mediator_registered(ready, client):
    """Issue 11: the mediator's registered times are offered, ticked, for them to check; the family's page is not."""
    from sendresolve.mediators.services import availability_add

    round_ = availability.availability_request(acting_user=ready.officer, case=ready.case)
    offered = selectors.offered_slots(round_)
    registered = offered[1]
    availability_add(acting_user=ready.mediator.user, start=registered.start, end=registered.end)
    signed_in_with_mfa(client, give_totp(ready.mediator.user))
    page = client.get(f"/cases/{ready.case.reference}/availability/mine/").content.decode()
    assert "We have ticked the times you registered as free" in page
    boxes = {m.group(1): "checked" in m.group(0)
             for m in re.finditer(r'<input[^>]*name="slots"[^>]*value="([^"]+)"[^>]*>', page)}
    assert boxes[registered.start.isoformat()] is True
    assert boxes[offered[0].start.isoformat()] is False  # a time not registered stays for them to tick

    saved = client.post(f"/cases/{ready.case.reference}/availability/mine/", {
        "slots": [registered.start.isoformat()], "needs-interpreter_language": "", "needs-notes": ""})
    assert saved.status_code == 302
    answer = round_.answers.get(participant__role="mediator")
    assert [start for start, _ in answer.slots] == [registered.start.isoformat()]

    client.logout()
    client.force_login(ready.parent)  # set-up: the family's own page, reached by code sign-in elsewhere
    family_page = client.get(f"/cases/{ready.case.reference}/availability/mine/").content.decode()
    assert "When can you meet?" in family_page and "registered as free" not in family_page
