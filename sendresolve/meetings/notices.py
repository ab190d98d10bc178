"""The e-mails about meetings, through the outbox: requests for availability, invitations with a calendar
file (a new SEQUENCE each time the meeting changes, METHOD:CANCEL when it is called off) and reminders."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings

from sendresolve.cases import extensions
from sendresolve.cases.models import Participant
from sendresolve.mediators.notices import provider_address
from sendresolve.meetings.attendance import FAMILY_SIDE
from sendresolve.meetings.invites import Attendee, Invitation, content_type, invitation_ics
from sendresolve.meetings.models import AvailabilityRequest, Invitee, Meeting
from sendresolve.meetings.selectors import local_time
from sendresolve.notifications.services import Attachment, email_body, email_enqueue


def availability_requested(request: AvailabilityRequest, asked: list[Participant]) -> None:
    for participant in asked:
        if participant.email:
            email_enqueue(to=participant.email, subject=f"When can you meet? ({request.case.reference})",
                          body_text=email_body("availability_requested", {"request": request, "case": request.case,
                                                                     "participant": participant}))


def side_of(participant: Participant) -> str:
    if participant.role == Participant.Role.MEDIATOR:
        return "both"
    return "family" if participant.role in FAMILY_SIDE else "authority"


def _invitation(meeting: Meeting, invitees: list[Invitee]) -> Invitation:
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    where = {Meeting.Format.ONLINE: "Online", Meeting.Format.PHONE: "By phone"}.get(meeting.format, meeting.venue)
    return Invitation(
        uid=meeting.uid, sequence=meeting.sequence, start=meeting.start, end=meeting.end,
        summary=f"{meeting.case.get_kind_display()} meeting ({meeting.case.reference})",
        description=email_body("meeting_calendar_description", {"meeting": meeting}),
        location=where, url=meeting.video_link, organiser_name=organiser_name or settings.SERVICE_NAME,
        organiser_email=organiser_email,
        attendees=tuple(Attendee(name=i.participant.name, email=i.participant.email,
                                 role=i.participant.get_role_display(),
                                 chair=i.participant.role == Participant.Role.MEDIATOR)
                        for i in invitees if i.participant.email),
    )


def invitations(meeting: Meeting, invitees: list[Invitee], *, change: str, reason: str = "") -> None:
    """Sends each invitee the meeting, as booked, moved or cancelled, with the calendar file to match."""
    cancel = change == "cancelled"
    invitation = _invitation(meeting, invitees)
    ics = invitation_ics(invitation, cancel=cancel).decode()
    attachment = Attachment("cancel.ics" if cancel else "invite.ics", ics, content_type(cancel))
    name = _meeting_name(meeting.case)
    subject = {"booked": f"{name} booked", "moved": f"{name} moved", "cancelled": f"{name} cancelled"}[change]
    when = local_time(meeting.start)
    attending = _bodies_attending(invitees)
    provider = provider_address()
    past_30_days = cancel and meeting.case.deadlines.filter(rule__in=("T4a", "T4b", "T4c"), met_on__isnull=True,
                                                           due__lt=when.date()).exists()
    family_notes = None  # read once, for the first family member
    for invitee in invitees:
        participant = invitee.participant
        if not participant.email:
            continue
        family = participant.role in FAMILY_SIDE
        if family and family_notes is None and not cancel:
            family_notes = extensions.meeting_family_notes(meeting.case)
        body = email_body("meeting_family" if family else "meeting_invitation", {
            "meeting": meeting, "case": meeting.case, "participant": participant, "change": change,
            "reason": reason, "when": when, "end": local_time(meeting.end), "side": side_of(participant),
            "invitees": invitees, "meeting_name": name, "attending": attending, "past_30_days": past_30_days,
            "provider_address": provider, "family_notes": family_notes or [],
        })
        email_enqueue(to=participant.email, subject=f"{subject}: {when:%-d %B %Y} ({meeting.case.reference})",
                      body_text=body, attachments=(attachment,))


def _meeting_name(case) -> str:
    return "Disagreement resolution meeting" if case.kind == "dr" else "Mediation meeting"


def _bodies_attending(invitees: list[Invitee]) -> list[str]:
    """The organisations sending someone, from who is actually invited (never a promise the case does not make)."""
    names = [i.participant.organisation.name for i in invitees if i.participant.organisation_id
             and i.participant.role not in FAMILY_SIDE]
    return list(dict.fromkeys(names))


def reminder(meeting: Meeting, invitees: list[Invitee], *, days_text: str) -> None:
    when = local_time(meeting.start)
    for invitee in invitees:
        if invitee.participant.email:
            email_enqueue(
                to=invitee.participant.email,
                subject=f"Reminder: {_meeting_name(meeting.case).lower()} {days_text} ({meeting.case.reference})",
                body_text=email_body("meeting_reminder", {"meeting": meeting, "case": meeting.case, "when": when,
                                                     "participant": invitee.participant,
                                                     "side": side_of(invitee.participant),
                                                     "days_text": days_text}))
