"""Meeting invitations as RFC 5545 / RFC 5546 (iTIP) calendar files.

Pure Python on purpose: the same bytes go into e-mail attachments and the download link, and the
rules here are easier to test without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from sendresolve.core.timezones import LONDON

__all__ = [
    "ICS_CONTENT_TYPE_CANCEL",
    "ICS_CONTENT_TYPE_REQUEST",
    "LONDON",
    "PRODID",
    "ROLE_PARAM",
    "Attendee",
    "Invitation",
    "content_type",
    "invitation_ics",
]

PRODID = "-//SEND Resolve//Meetings//EN"
# Standard ROLE values mean nothing to families; this carries the wording we show them.
ROLE_PARAM = "X-SENDRESOLVE-ROLE"

# The method parameter must match METHOD inside the file, or mail clients treat it as a plain attachment.
ICS_CONTENT_TYPE_REQUEST = 'text/calendar; method=REQUEST; charset="utf-8"'
ICS_CONTENT_TYPE_CANCEL = 'text/calendar; method=CANCEL; charset="utf-8"'


def content_type(cancel: bool = False) -> str:
    return ICS_CONTENT_TYPE_CANCEL if cancel else ICS_CONTENT_TYPE_REQUEST


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    role: str
    required: bool = True
    chair: bool = False


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    organiser_name: str
    organiser_email: str
    url: str = ""
    attendees: tuple[Attendee, ...] = ()


def _is_aware(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() is not None


def _validate(invitation: Invitation, now: datetime | None) -> None:
    if not invitation.uid.strip():
        raise ValueError("Invitation uid must not be empty: calendars use it to match updates to the meeting.")
    if isinstance(invitation.sequence, bool) or not isinstance(invitation.sequence, int) or invitation.sequence < 0:
        raise ValueError(f"Invitation sequence must be a whole number, 0 or more, not {invitation.sequence!r}.")
    for label in ("start", "end"):
        value = getattr(invitation, label)
        if not _is_aware(value):
            raise ValueError(f"Invitation {label} must be a timezone-aware datetime, not {value!r}.")
    if invitation.end <= invitation.start:
        raise ValueError(
            f"Invitation end ({invitation.end.isoformat()}) must be after its start ({invitation.start.isoformat()})."
        )
    if not invitation.organiser_email.strip():
        raise ValueError("Invitation organiser_email must not be empty: replies are sent there.")
    for attendee in invitation.attendees:
        if not attendee.email.strip():
            raise ValueError(f"Attendee {attendee.name!r} ({attendee.role}) has no e-mail address.")
    if now is not None and not _is_aware(now):
        raise ValueError(f"now must be a timezone-aware datetime, not {now!r}.")


def _london_vtimezone() -> Timezone:
    # Written as yearly RRULEs, not taken from icalendar's add_missing_timezones(): that emits RDATE
    # lists, which Outlook ignores (MS-STANOICAL 2.2.47) and vobject truncates to the first date,
    # putting every meeting after 1973 on BST.
    timezone = Timezone()
    timezone.add("tzid", "Europe/London")
    for part, onset, before, after, name, month in (
        (TimezoneDaylight(), datetime(1981, 3, 29, 1), 0, 1, "BST", 3),
        (TimezoneStandard(), datetime(1996, 10, 27, 2), 1, 0, "GMT", 10),
    ):
        part.add("dtstart", onset)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("tzname", name)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone.add_component(part)
    return timezone


def _on_bst_by_rule(moment: datetime) -> bool:
    def last_sunday_1am_utc(month: int) -> datetime:
        last = date(moment.year, month, 31)
        last -= timedelta(days=(last.weekday() + 1) % 7)
        return datetime(last.year, last.month, last.day, 1, tzinfo=UTC)

    return last_sunday_1am_utc(3) <= moment.astimezone(UTC) < last_sunday_1am_utc(10)


def _add_vtimezone(calendar: Calendar, invitation: Invitation) -> None:
    moments = (invitation.start, invitation.end)
    if all(bool(m.astimezone(LONDON).dst()) == _on_bst_by_rule(m) for m in moments):
        # First, as add_missing_timezones() places it, for readers that resolve TZIDs in one pass.
        calendar.subcomponents.insert(0, _london_vtimezone())
        return
    # tzdata no longer agrees with the fixed rules (the law changed): an exact, if less portable,
    # definition beats sending the wrong time. It only adds zones the event already refers to.
    calendar.add_missing_timezones(
        first_date=date(invitation.start.year - 1, 1, 1), last_date=date(invitation.end.year + 2, 1, 1)
    )


def _param_text(value: str) -> str:
    # Parameter values cannot hold double quotes or line breaks; icalendar's RFC 6868 escapes for
    # them (^' and ^n) reach people verbatim in clients that do not implement it, vobject included.
    return " ".join(value.replace('"', "'").split())


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email.strip()}")
    if name.strip():
        # icalendar puts values containing , : ; in double quotes, which is what RFC 5545 asks for.
        address.params["CN"] = _param_text(name)
    return address


def _attendee(attendee: Attendee) -> vCalAddress:
    address = _address(attendee.name, attendee.email)
    if attendee.chair:
        address.params["ROLE"] = "CHAIR"
    else:
        address.params["ROLE"] = "REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["RSVP"] = "TRUE"
    address.params["CUTYPE"] = "INDIVIDUAL"
    if attendee.role.strip():
        address.params[ROLE_PARAM] = _param_text(attendee.role)
    return address


def invitation_ics(invitation: Invitation, *, cancel: bool = False, now: datetime | None = None) -> bytes:
    """Return the invitation (or its cancellation) as UTF-8 .ics bytes with CRLF line endings.

    The caller owns ``sequence``: raise it by one for every move or cancellation, or calendars
    that already hold the meeting will ignore the new file.
    """
    _validate(invitation, now)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")

    event = Event()
    event.add("uid", invitation.uid.strip())
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", stamp)
    # Meetings are arranged in London time; sending that wall-clock time with its TZID, rather than
    # UTC, lets clients say "London time" and matches the time in our letters.
    event.add("dtstart", invitation.start.astimezone(LONDON))
    event.add("dtend", invitation.end.astimezone(LONDON))
    event.add("summary", vText(invitation.summary))
    event.add("description", vText(invitation.description))
    event.add("location", vText(invitation.location))
    if invitation.url:
        event.add("url", invitation.url)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(invitation.organiser_name, invitation.organiser_email))
    for attendee in invitation.attendees:
        event.add("attendee", _attendee(attendee))
    calendar.add_component(event)
    _add_vtimezone(calendar, invitation)
    return calendar.to_ical()
