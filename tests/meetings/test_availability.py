"""Asking for availability: the required people are asked about the sessions inside the window; each answers
on their own page; the proposal is a session every required person can make; the family gets an account."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.cases.clockwork import case_meeting_window, gives_enough_notice
from sendresolve.cases.models import Participant
from sendresolve.meetings import availability, selectors
from sendresolve.notifications.models import OutboundEmail
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_the_required_people_are_asked_about_sessions_inside_the_window(ready):
    round_ = availability.availability_request(acting_user=ready.officer, case=ready.case)
    earliest, last_day = case_meeting_window(ready.case, told_on=timezone.localdate())
    assert (round_.first_day, round_.last_day) == (earliest, last_day)
    asked = {a.participant.role for a in round_.answers.select_related("participant")}
    assert asked == {"rights_holder", "mediator", "la_decision_maker"}
    offered = selectors.offered_slots(round_)
    assert offered and all(earliest <= slot.day <= last_day for slot in offered)
    assert all(gives_enough_notice(slot.day, told_on=timezone.localdate()) for slot in offered)
    assert OutboundEmail.objects.filter(to="sarah.collins@example.test",
                                        subject__startswith="When can you meet").exists()


def test_the_proposal_is_a_session_everyone_required_can_make(ready):
    round_ = availability.availability_request(acting_user=ready.officer, case=ready.case)
    offered = selectors.offered_slots(round_)
    answers = {a.participant.role: a for a in round_.answers.select_related("participant")}
    common = offered[3]
    availability.availability_give(acting_user=ready.parent, answer=answers["rights_holder"],
                                   slots=[offered[0], common, offered[5]])
    availability.availability_give(acting_user=ready.decision_maker, answer=answers["la_decision_maker"],
                                   slots=[offered[1], common])
    earliest, _ = case_meeting_window(ready.case, told_on=timezone.localdate())
    found, waiting = selectors.proposals(ready.case, round_, selectors.request_answers(round_), earliest=earliest)
    assert found == [] and waiting == ["Tom Okafor"]
    availability.availability_give(acting_user=ready.mediator.user, answer=answers["mediator"],
                                   slots=[common, offered[5]])
    found, waiting = selectors.proposals(ready.case, round_, selectors.request_answers(round_), earliest=earliest)
    assert waiting == [] and [p.slot for p in found] == [common]


def test_only_the_person_asked_or_a_case_officer_answers_and_only_with_offered_times(ready):
    round_ = availability.availability_request(acting_user=ready.officer, case=ready.case)
    answer = round_.answers.get(participant__role="rights_holder")
    offered = selectors.offered_slots(round_)
    with pytest.raises(PermissionDenied):
        availability.availability_give(acting_user=ready.decision_maker, answer=answer, slots=offered[:1])
    from sendresolve.meetings.scheduling import Slot

    odd = Slot(offered[0].start.replace(hour=3), offered[0].end.replace(hour=4))
    with pytest.raises(ValidationError, match="Choose from the times listed"):
        availability.availability_give(acting_user=ready.parent, answer=answer, slots=[odd])
    answer.refresh_from_db()
    assert answer.answered_at is None and answer.slots == []
    availability.availability_give(acting_user=ready.officer, answer=answer, slots=offered[:2])  # from a call


def test_a_family_entered_by_phone_gets_an_account_to_answer_with_a_sign_in_code(ready):
    family = ready.case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    family.user, family.email = None, "new.family@example.test"
    family.save()
    availability.availability_request(acting_user=ready.officer, case=ready.case)
    family.refresh_from_db()
    assert family.user is not None and family.user.email == "new.family@example.test"
    assert not family.user.has_usable_password()


def test_nobody_else_is_asked_or_can_see_the_round(ready):
    availability.availability_request(acting_user=ready.officer, case=ready.case)
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.answer_for(person("family_member"), selectors.current_request(ready.case))
