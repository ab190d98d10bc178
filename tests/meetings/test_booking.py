"""Booking the meeting: the gates (mediator declared, LA authority to settle, ICB when health is in dispute),
the 30-day window and the notice rule, invitations with calendar files, moves and cancellations with the
party responsible, who may attend, and the meeting held."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import CaseEvent, Participant
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.meetings import booking, people
from sendresolve.meetings.events import MeetingEvent
from sendresolve.meetings.models import AttendanceDecision, Meeting, MeetingChange
from sendresolve.meetings.scheduling import LONDON
from sendresolve.notifications.models import OutboundEmail
from tests.factories import organisation, person
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db

ONLINE = booking.MeetingPlace()


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def first_good_day(case):
    earliest, _ = case_meeting_window(case, told_on=timezone.localdate())
    return earliest


def calendars_sent_to(address: str) -> list[icalendar.Calendar]:
    return [icalendar.Calendar.from_ical(attachment["content"])
            for message in OutboundEmail.objects.filter(to=address).order_by("created_at")
            for attachment in message.attachments]


def test_booking_inside_the_window_invites_everyone_with_a_calendar_file_and_tells_the_family_its_date(ready):
    case = ready.case
    start = at(first_good_day(case))
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, start=start, place=ONLINE)
    case.refresh_from_db()
    assert case.state == State.MEETING_BOOKED and case.mediation_date == start.date()
    invited = {i.participant.role for i in meeting.invitees.select_related("participant")}
    assert invited == {"rights_holder", "mediator", "la_decision_maker"}
    assert meeting.video_link.startswith("https://") and len(meeting.video_link.rsplit("/", 1)[1]) > 20
    assert set(meeting.breakout_links) == {"family", "authority"}
    [calendar] = calendars_sent_to("sarah.collins@example.test")
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == start
    family_email = OutboundEmail.objects.get(to="sarah.collins@example.test", subject__startswith="Mediation")
    assert "What will happen" in family_email.body_text and meeting.video_link in family_email.body_text
    t5 = case.deadlines.get(rule="T5")
    assert t5.met_on == timezone.localdate() and t5.due >= timezone.localdate()
    assert CaseEvent.objects.filter(case=case, type=MeetingEvent.MEETING_BOOKED).exists()


def test_the_meeting_cannot_be_booked_without_the_la_confirming_authority_to_settle(db):
    ready = make_ready()
    case = ready.case
    case.authority_confirmations.all().delete()
    with pytest.raises(booking.MeetingNotReady, match="authority to settle"):
        booking.meeting_book(acting_user=ready.officer, case=case, start=at(first_good_day(case)), place=ONLINE)
    with pytest.raises(ValidationError, match="Confirm that the attendee has authority"):
        people.attendee_name(acting_user=ready.la_officer, case=case, attendee=ready.decision_maker,
                             confirm_authority=False)
    case.refresh_from_db()
    assert case.state == State.ARRANGING and not Meeting.objects.exists()
    assert not OutboundEmail.objects.filter(subject__startswith="Mediation meeting").exists()


def test_the_meeting_cannot_be_booked_without_an_icb_representative_when_health_is_in_dispute(db):
    icb = organisation(OrganisationKind.ICB, name="Northshire ICB")
    ready = make_ready(sections=("F", "G"), other_parties=[icb])
    case = ready.case
    with pytest.raises(booking.MeetingNotReady, match="ICB representative"):
        booking.meeting_book(acting_user=ready.officer, case=case, start=at(first_good_day(case)), place=ONLINE)
    icb_user = person(Role.ICB_REPRESENTATIVE, icb)
    # Legal review L10: the ICB, like the LA, confirms in writing that its attendee can settle the health issues.
    with pytest.raises(ValidationError, match="Confirm that the attendee has authority to settle"):
        people.attendee_name(acting_user=icb_user, case=case, attendee=icb_user, confirm_authority=False)
    people.attendee_name(acting_user=icb_user, case=case, attendee=icb_user, confirm_authority=True,
                         typed_name=icb_user.full_name)
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, start=at(first_good_day(case)),
                                   place=ONLINE)
    assert meeting.invitees.filter(participant__role="icb_representative").exists()


def test_the_mediator_must_declare_independence_before_booking(db):
    ready = make_ready()
    allocation = ready.case.allocations.get()
    allocation.declared_independent_at = None
    allocation.save()
    with pytest.raises(booking.MeetingNotReady, match="has not yet declared"):
        booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                             place=ONLINE)


def test_booking_after_the_30_days_needs_a_reason_and_shows_in_the_queue(ready):
    case = ready.case
    _, last_day = case_meeting_window(case, told_on=timezone.localdate())
    late = at(last_day + timedelta(days=7))
    with pytest.raises(ValidationError, match="Give the reason it cannot be sooner"):
        booking.meeting_book(acting_user=ready.officer, case=case, start=late, place=ONLINE)
    booking.meeting_book(acting_user=ready.officer, case=case, start=late, place=ONLINE,
                         outside_window_reason="The LA's decision-maker is on leave")
    arranging = case.deadlines.get(rule__startswith="T4")
    assert arranging.in_queue and "after this date: The LA's decision-maker is on leave" in arranging.note


def test_less_than_five_working_days_notice_needs_the_familys_agreement(ready):
    case = ready.case
    too_soon = at(first_good_day(case) - timedelta(days=1))
    with pytest.raises(ValidationError, match="less than 5 working days' notice"):
        booking.meeting_book(acting_user=ready.officer, case=case, start=too_soon, place=ONLINE)
    booking.meeting_book(acting_user=ready.officer, case=case, start=too_soon, place=ONLINE,
                         short_notice_agreed_on=timezone.localdate())
    assert CaseEvent.objects.filter(case=case, type=MeetingEvent.SHORT_NOTICE_AGREED).exists()


def test_moving_keeps_the_uid_and_raises_the_sequence_and_cancelling_sends_method_cancel(ready):
    case = ready.case
    day = first_good_day(case)
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, start=at(day), place=ONLINE)
    with pytest.raises(ValidationError, match="whose reason"):
        booking.meeting_move(acting_user=ready.officer, meeting=meeting, start=at(day, 14), party="", reason="x")
    booking.meeting_move(acting_user=ready.officer, meeting=meeting, start=at(day + timedelta(days=1), 14),
                         party=MeetingChange.Party.LA, reason="The officer has a tribunal hearing")
    booking.meeting_cancel(acting_user=ready.officer, meeting=meeting, party=MeetingChange.Party.FAMILY,
                           reason="Our child is unwell")
    booked, moved, cancelled = calendars_sent_to("sarah.collins@example.test")
    uids = {str(c.walk("VEVENT")[0]["UID"]) for c in (booked, moved, cancelled)}
    assert uids == {meeting.uid}
    assert [c.walk("VEVENT")[0]["SEQUENCE"] for c in (booked, moved, cancelled)] == [0, 1, 2]
    assert [c["METHOD"] for c in (booked, moved, cancelled)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert list(MeetingChange.objects.values_list("kind", "party")) == [("moved", "la"), ("cancelled", "family")]
    case.refresh_from_db()
    assert case.state == State.ARRANGING and case.mediation_date is None
    assert not case.deadlines.filter(rule="T5").exists()


def test_a_second_supporter_is_not_invited_without_consent_and_every_decision_is_on_the_timeline(ready):
    case = ready.case
    first = people.participant_add(acting_user=ready.officer, case=case, role=Participant.Role.SUPPORTER,
                                   name="Ruth Adeyemi", email="ruth@advocacy.example")
    second = people.participant_add(acting_user=ready.officer, case=case, role=Participant.Role.SUPPORTER,
                                    name="Aunt Jo", email="jo@example.test")
    school = people.participant_add(acting_user=ready.officer, case=case, role=Participant.Role.SCHOOL,
                                    name="Mark Hughes", email="senco@school.example")
    with pytest.raises(ValidationError, match="as of right"):
        people.attendance_decide(acting_user=ready.officer, participant=first, method="all_parties", allowed=True,
                                 parties_consulted="everyone")
    with pytest.raises(ValidationError, match="the mediator decides"):
        people.attendance_decide(acting_user=ready.officer, participant=second, method="all_parties",
                                 allowed=False, parties_consulted="LA said no")
    with pytest.raises(PermissionDenied, match="Only the mediator decides"):
        people.attendance_decide(acting_user=ready.officer, participant=second, method="mediator", allowed=True,
                                 reason="Helps the parent")
    people.attendance_decide(acting_user=ready.officer, participant=school, method="all_parties", allowed=True,
                             parties_consulted="Family and LA agreed by e-mail on Monday")
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, start=at(first_good_day(case)),
                                   place=ONLINE)
    invited = set(meeting.invitees.values_list("participant__name", flat=True))
    assert "Ruth Adeyemi" in invited and "Mark Hughes" in invited and "Aunt Jo" not in invited
    assert not OutboundEmail.objects.filter(to="jo@example.test").exists()
    people.attendance_decide(acting_user=ready.mediator.user, participant=second, method="mediator", allowed=True,
                             reason="The parent needs a second person for support")
    booking.meeting_move(acting_user=ready.officer, meeting=meeting, start=at(first_good_day(case), 14),
                         party=MeetingChange.Party.MEDIATOR, reason="Clash")
    assert meeting.invitees.filter(participant=second).exists()
    decisions = CaseEvent.objects.filter(case=case, type=MeetingEvent.ATTENDANCE_DECIDED)
    assert [e.parameters["who"] for e in decisions] == ["Mark Hughes", "Aunt Jo"]
    assert AttendanceDecision.objects.filter(decided_by=ready.mediator.user).count() == 1


def test_the_child_attends_only_if_the_parent_and_the_mediator_agree(ready):
    child = people.participant_add(acting_user=ready.officer, case=ready.case, role=Participant.Role.CHILD,
                                   name="Sam Collins")
    with pytest.raises(PermissionDenied, match="parent and the mediator"):
        people.attendance_decide(acting_user=ready.officer, participant=child, method="all_parties", allowed=True,
                                 parties_consulted="all")
    people.attendance_decide(acting_user=ready.mediator.user, participant=child, method="parent_and_mediator",
                             allowed=False, reason="Sam would find the meeting distressing")
    people.child_views_record(acting_user=ready.mediator.user, case=ready.case,
                              steps="Met Sam at school with the SENCO; Sam drew what helps in class")
    meeting = booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                                   place=ONLINE)
    assert not meeting.invitees.filter(participant=child).exists()


def test_holding_the_meeting_meets_the_30_days_and_moves_the_case_on(ready):
    case = ready.case
    meeting = booking.meeting_book(acting_user=ready.officer, case=case, start=at(first_good_day(case)),
                                   place=ONLINE)
    with pytest.raises(ValidationError, match="record that it was held once it has started"):
        booking.meeting_record_held(acting_user=ready.mediator.user, case=case, held_on=timezone.localdate())
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(hours=1))
    with pytest.raises(PermissionDenied, match="Only the case's mediator or a case officer"):
        booking.meeting_record_held(acting_user=ready.la_officer, case=case, held_on=timezone.localdate())
    booking.meeting_record_held(acting_user=ready.mediator.user, case=case, held_on=timezone.localdate())
    case.refresh_from_db()
    assert case.state == State.MEETING_HELD
    assert case.deadlines.get(rule__startswith="T4").met_on == timezone.localdate()
    with pytest.raises(TransitionNotAllowed):
        booking.meeting_cancel(acting_user=ready.officer, meeting=meeting, party="la", reason="x")


@pytest.mark.parametrize("place, problem", [
    (booking.MeetingPlace(format="phone"), "phone number"),
    (booking.MeetingPlace(format="in_person", venue="Town Hall"), "access"),
    (booking.MeetingPlace(format="online", pasted_link="teams.example/abc"), "https://"),
])
def test_a_meeting_place_must_be_complete(ready, place, problem):
    with pytest.raises(ValidationError, match=problem):
        booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                             place=place)
    assert not Meeting.objects.exists()
