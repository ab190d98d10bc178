"""Legal review L11: the family's 5 working days' notice (T5) counts as given only when it was: by the invitation
where the family has an e-mail address, otherwise when staff record how and when they told them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.cases.models import Participant
from sendresolve.meetings import booking
from tests.factories import signed_in_with_mfa
from tests.meetings.conftest import make_ready
from tests.meetings.test_booking import ONLINE, at, first_good_day

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_family_with_an_e_mail_address_is_told_by_the_invitation():
    ready = make_ready()
    booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                         place=ONLINE)
    assert ready.case.deadlines.get(rule="T5").met_on == TODAY


def test_a_family_with_no_e_mail_address_is_not_recorded_as_told_until_staff_say_how(client):
    ready = make_ready()
    Participant.objects.filter(case=ready.case, role="rights_holder").update(email="", user=None)
    booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                         place=ONLINE)
    t5 = ready.case.deadlines.get(rule="T5")
    assert t5.met_on is None and t5.in_queue
    page = signed_in_with_mfa(client, ready.officer).get(f"/cases/{ready.case.reference}/").content.decode()
    assert "The family has no e-mail address: tell them the date and place" in page
    with pytest.raises(ValidationError, match="Say how the family was told"):
        booking.meeting_record_family_told(acting_user=ready.officer, case=ready.case, told_on=TODAY, how=" ")
    response = client.post(f"/cases/{ready.case.reference}/meeting/family-told/", {
        "told_on_0": TODAY.day, "told_on_1": TODAY.month, "told_on_2": TODAY.year, "how": "By phone, to Mrs Collins"})
    assert response.status_code == 302
    assert ready.case.deadlines.get(rule="T5").met_on == TODAY
    assert "The family was told the date and place of the meeting" in client.get(
        f"/cases/{ready.case.reference}/").content.decode()
