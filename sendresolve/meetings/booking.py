"""Booking, moving, cancelling and holding the meeting. Each service checks who is acting and that the case
may move on, then writes the meeting, the case's clock dates, its timeline entry and audit record, and
queues the invitations, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.services import audit_record
from sendresolve.cases.clockwork import case_meeting_window, case_store_deadlines, gives_enough_notice
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.transitions import (
    case_save_change,
    case_transition,
    locked_case,
    require_case_worker,
    require_mediator_or_case_worker,
)
from sendresolve.core.refusals import Refused
from sendresolve.core.timezones import clock_time
from sendresolve.mediators.selectors import active_allocation
from sendresolve.meetings import events, links, notices
from sendresolve.meetings.attendance import case_standings, missing_required
from sendresolve.meetings.models import Invitee, Meeting, MeetingChange
from sendresolve.meetings.people import bodies_without_authority
from sendresolve.meetings.selectors import current_meeting, local_time, meeting_length


class MeetingNotReady(Refused):
    """The meeting cannot be booked yet; the message says what is missing in plain English."""


@dataclass(frozen=True)
class MeetingPlace:
    format: str = Meeting.Format.ONLINE
    pasted_link: str = ""  # a Teams or Zoom link, used instead of a generated room
    phone_details: str = ""
    venue: str = ""
    venue_accessibility: str = ""


def booking_problems(case: Case) -> list[str]:
    """What stops the meeting being booked, each in plain English (empty when it can be)."""
    problems = []
    allocation = active_allocation(case)
    if allocation is None:
        problems.append("No mediator is allocated.")
    elif allocation.declared_independent_at is None:
        problems.append(f"{allocation.mediator} has not yet declared that they do not know the family and have no "
                        "link with the LA or ICB.")
    standings = case_standings(case)
    for need in missing_required(case, standings):
        if need.role != Participant.Role.MEDIATOR:
            problems.append(f"Nobody is named to attend as {Participant.Role(need.role).label}: {need.why}.")
    for body in bodies_without_authority(case):
        problems.append(f"{body} has not confirmed in writing that its attendee has authority to settle the "
                        "issues in dispute.")
    return problems


def _check_timing(case: Case, start: datetime, outside_window_reason: str, short_notice_agreed_on: date | None):
    today = timezone.localdate()
    if start <= timezone.now():
        raise ValidationError("The meeting must be in the future.")
    day = local_time(start).date()
    _, last_day = case_meeting_window(case, told_on=today)
    if last_day is not None and day > last_day and not outside_window_reason.strip():
        raise ValidationError(f"{day:%-d %B %Y} is after {last_day:%-d %B %Y}, the last day of the 30 days to "
                              "arrange the mediation. Give the reason it cannot be sooner.")
    if short_notice_agreed_on is not None and short_notice_agreed_on > today:
        raise ValidationError("The date the family agreed to shorter notice cannot be in the future.")
    if not gives_enough_notice(day, told_on=today) and short_notice_agreed_on is None:
        raise ValidationError(f"A meeting on {day:%-d %B %Y} gives the family less than 5 working days' notice. "
                              "It can only go ahead if they agree: record the date they agreed.")


def _place_fields(place: MeetingPlace) -> dict:
    if place.format not in Meeting.Format.values:
        raise ValidationError("Choose how the meeting will be held.")
    fields = {"format": place.format, "video_link": "", "breakout_links": {}, "phone_details": "",
              "venue": "", "venue_accessibility": ""}
    if place.format == Meeting.Format.ONLINE:
        generated = links.generated_links()
        if place.pasted_link.strip() or generated is None:
            fields["video_link"] = links.checked_pasted_link(place.pasted_link)
        else:
            fields["video_link"], fields["breakout_links"] = generated
    elif place.format == Meeting.Format.PHONE:
        if not place.phone_details.strip():
            raise ValidationError("Give the phone number to call, or say who will call whom.")
        fields["phone_details"] = place.phone_details.strip()
    else:
        if not place.venue.strip():
            raise ValidationError("Give the venue's address.")
        if not place.venue_accessibility.strip():
            raise ValidationError("Describe the venue's access (step-free entrance, accessible toilet, hearing "
                                  "loop, parking).")
        fields["venue"], fields["venue_accessibility"] = place.venue.strip(), place.venue_accessibility.strip()
    return fields


def _invite(meeting: Meeting) -> list[Invitee]:
    """Everyone who may attend, and only them; people allowed since an earlier version are added."""
    already = set(meeting.invitees.values_list("participant_id", flat=True))
    Invitee.objects.bulk_create(
        Invitee(meeting=meeting, participant=standing.participant, basis=standing.basis[:200])
        for standing in case_standings(meeting.case)
        if standing.may_attend and standing.participant.pk not in already)
    return list(meeting.invitees.select_related("participant"))


def meeting_book(*, acting_user: User, case: Case, start: datetime, place: MeetingPlace,
                 outside_window_reason: str = "", short_notice_agreed_on: date | None = None) -> Meeting:
    """Books the meeting and sends everyone invited their invitation: the date and place are the family's
    notice (T5)."""
    with transaction.atomic():  # the invitations go only if the booking commits
        with case_transition(acting_user=acting_user, case=case, name="book_meeting",
                             summary="Meeting booked") as write:
            case = write.case
            problems = booking_problems(case)
            if problems:
                raise MeetingNotReady(" ".join(problems))
            _check_timing(case, start, outside_window_reason, short_notice_agreed_on)
            meeting = Meeting.objects.create(
                case=case, start=start, end=start + meeting_length(), booked_by=acting_user,
                outside_window_reason=outside_window_reason.strip(), short_notice_agreed_on=short_notice_agreed_on,
                **_place_fields(place))
            invitees = _invite(meeting)
            write.fields.extend(_set_clock_dates(case, meeting))
            case.availability_requests.filter(closed_at__isnull=True).update(closed_at=timezone.now())
            if short_notice_agreed_on:
                events.short_notice_agreed_event(case=case, actor=acting_user, on=short_notice_agreed_on)
            events.meeting_booked_event(case=case, actor=acting_user, start=start,
                                        reason=meeting.outside_window_reason)
        notices.invitations(meeting, invitees, change="booked")
    return meeting


def _set_clock_dates(case: Case, meeting: Meeting) -> list[str]:
    """The meeting's date, and the family's notice of it (T5): given today by the invitation, where the family has
    an e-mail address; otherwise only once staff record how and when they told them (legal review L11)."""
    case.mediation_date = local_time(meeting.start).date()
    family = case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).exclude(email="").exists()
    case.mediation_notice_given = timezone.localdate() if family else None
    case.mediation_late_reason = meeting.outside_window_reason[:500]
    return ["mediation_date", "mediation_notice_given", "mediation_late_reason"]


def meeting_record_family_told(*, acting_user: User, case: Case, told_on: date, how: str) -> Case:
    """A family with no e-mail address was told the date and place another way (phone, letter): that is its
    notice (T5), on the day it was given."""
    require_case_worker(acting_user)
    how = how.strip()
    if not how:
        raise ValidationError("Say how the family was told: by phone, by letter...")
    if told_on > timezone.localdate():
        raise ValidationError("The date the family was told cannot be in the future.")
    with transaction.atomic():
        case = locked_case(case)
        meeting = current_meeting(case)
        if meeting is None or meeting.status != Meeting.Status.BOOKED:
            raise ValidationError("There is no booked meeting to tell the family about.")
        if told_on < timezone.localdate(meeting.booked_at):
            raise ValidationError("The family cannot have been told before the meeting was booked.")
        case.mediation_notice_given = told_on
        case.save(update_fields=["mediation_notice_given", "updated_at"])
        events.family_told_event(case=case, actor=acting_user, on=told_on, how=how)
        audit_record(actor=acting_user, action="update", target=case, summary=f"Family told of the meeting: {how}")
        case_store_deadlines(case)
    return case


def _booked(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.BOOKED:
        raise ValidationError(f"This meeting is {meeting.get_status_display().lower()}: it cannot be changed.")
    return meeting


def _change(meeting: Meeting, kind: str, party: str, reason: str, acting_user: User, previous_start) -> None:
    if party not in MeetingChange.Party.values:
        raise ValidationError("Say whose reason it is: the LA, the family, the mediator, the ICB...")
    if not reason.strip():
        raise ValidationError("Give the reason.")
    MeetingChange.objects.create(meeting=meeting, kind=kind, party=party, reason=reason.strip(),
                                 previous_start=previous_start, changed_by=acting_user)


def meeting_move(*, acting_user: User, meeting: Meeting, start: datetime, party: str, reason: str,
                 outside_window_reason: str = "", short_notice_agreed_on: date | None = None) -> Meeting:
    """Moves the meeting: everyone invited gets the update (same UID, next SEQUENCE)."""
    require_case_worker(acting_user)
    with transaction.atomic():
        case = locked_case(meeting.case)
        meeting = _booked(meeting)
        _check_timing(case, start, outside_window_reason, short_notice_agreed_on)
        _change(meeting, MeetingChange.Kind.MOVED, party, reason, acting_user, meeting.start)
        meeting.start, meeting.end, meeting.sequence = start, start + meeting_length(), meeting.sequence + 1
        meeting.outside_window_reason = outside_window_reason.strip()
        meeting.short_notice_agreed_on = short_notice_agreed_on
        meeting.save(update_fields=["start", "end", "sequence", "outside_window_reason", "short_notice_agreed_on"])
        invitees = _invite(meeting)
        fields = _set_clock_dates(case, meeting)
        events.meeting_moved_event(case=case, actor=acting_user, start=start,
                                   party=party, reason=reason.strip())
        case_save_change(case, acting_user, "Meeting moved", *fields)  # not a transition: still booked
        notices.invitations(meeting, invitees, change="moved", reason=reason.strip())
    return meeting


def meeting_cancel(*, acting_user: User, meeting: Meeting, party: str, reason: str) -> Meeting:
    """Cancels the meeting (METHOD:CANCEL to everyone invited) and goes back to arranging."""
    with transaction.atomic():  # the cancellations go only if the change commits
        with case_transition(acting_user=acting_user, case=meeting.case, name="cancel_meeting",
                             summary="Meeting cancelled") as write:
            meeting = _booked(meeting)
            _change(meeting, MeetingChange.Kind.CANCELLED, party, reason, acting_user, meeting.start)
            meeting.status, meeting.sequence = Meeting.Status.CANCELLED, meeting.sequence + 1
            meeting.save(update_fields=["status", "sequence"])
            write.set(mediation_date=None, mediation_notice_given=None, mediation_late_reason="")
            events.meeting_cancelled_event(case=write.case, actor=acting_user,
                                           party=party, reason=reason.strip())
        notices.invitations(meeting, list(meeting.invitees.select_related("participant")), change="cancelled",
                            reason=reason.strip())
    return meeting


def meeting_record_held(*, acting_user: User, case: Case, held_on: date) -> Meeting:
    """The meeting took place (the 30 days are met, read as "held by"); the mediator or a case officer says so."""
    with case_transition(acting_user=acting_user, case=case, name="record_meeting_held", summary="Meeting held",
                         who=require_mediator_or_case_worker) as write:
        case = write.case
        meeting = _booked(current_meeting(case))
        if timezone.now() < meeting.start:  # times, not only dates (legal review L6)
            starts = f"{clock_time(meeting.start)} on {local_time(meeting.start):%-d %B %Y}"
            raise ValidationError(f"The meeting starts at {starts}: record "
                                  "that it was held once it has started.")
        if held_on > timezone.localdate():
            raise ValidationError("The date the meeting was held cannot be in the future.")
        if held_on < local_time(meeting.start).date():
            raise ValidationError("The meeting cannot have been held before the date it was booked for.")
        meeting.status, meeting.held_on = Meeting.Status.HELD, held_on
        meeting.save(update_fields=["status", "held_on"])
        write.set(mediation_held=held_on)
        events.meeting_held_event(case=case, actor=acting_user, on=held_on)
    return meeting
