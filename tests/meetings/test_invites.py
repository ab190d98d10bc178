"""Meeting invitations must open the same way in every calendar people use.

Each file is read back with icalendar and with vobject, an independent parser, so a fault in
one library's writer cannot hide behind the same library's reader.
"""

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
import vobject.icalendar

from sendresolve.meetings import invites
from sendresolve.meetings.invites import (
    ICS_CONTENT_TYPE_CANCEL,
    ICS_CONTENT_TYPE_REQUEST,
    Attendee,
    Invitation,
    content_type,
    invitation_ics,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
UID = "meeting-0b6c3f4e-2f55-4a8e-9d0e-5d2a1f3c7b90@sendresolve.example"

PARENT = Attendee("O'Brien, Siobhán", "siobhan.obrien@example.com", "Parent or carer")
DECIDER = Attendee("Priya Shah", "priya.shah@council.example.gov.uk", "LA decision-maker")
MEDIATOR = Attendee("Tomás Ó Ceallaigh", "tomas@mediation.example", "Mediator", chair=True)
ADVOCATE = Attendee("Sam Jones", "sam@advice.example", "Supporter: advocate; optional", required=False)


def make_invitation(**changes) -> Invitation:
    invitation = Invitation(
        uid=UID,
        sequence=0,
        start=datetime(2026, 3, 30, 10, 0, tzinfo=LONDON),
        end=datetime(2026, 3, 30, 12, 30, tzinfo=LONDON),
        summary="SEND mediation meeting (case SR-ABC123)",
        description=(
            "The mediator will meet you, your child's school and the local authority to talk about "
            "the EHC plan. Join online with the link, or phone 0300 000 0000; meeting code: 123; PIN 456."
        ),
        location="Online",
        url="https://meet.example/j/123?pwd=a,b;c",
        organiser_name="SEND Resolve, mediation team",
        organiser_email="meetings@sendresolve.example",
        attendees=(MEDIATOR, PARENT, DECIDER, ADVOCATE),
    )
    return dataclasses.replace(invitation, **changes)


@pytest.fixture(autouse=True)
def fresh_vobject_timezones(monkeypatch):
    # vobject keeps the first VTIMEZONE it ever saw for a TZID, process-wide; without a clean slate
    # a test could pass on a definition read from some earlier file rather than this one.
    monkeypatch.setattr(vobject.icalendar, "__tzidMap", {"UTC": vobject.icalendar.utc})


def read_with_icalendar(ics: bytes):
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def read_with_vobject(ics: bytes):
    calendar = vobject.readOne(ics.decode("utf-8"))
    return calendar, calendar.vevent


def icalendar_attendees(event) -> list:
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


def content_lines(ics: bytes) -> list[str]:
    return ics.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_both_parsers_read_the_same_meeting():
    ics = invitation_ics(make_invitation(), now=NOW)
    ical_calendar, ical_event = read_with_icalendar(ics)
    vo_calendar, vo_event = read_with_vobject(ics)

    assert str(ical_calendar["PRODID"]) == vo_calendar.prodid.value == "-//SEND Resolve//Meetings//EN"
    assert str(ical_calendar["VERSION"]) == vo_calendar.version.value == "2.0"
    assert str(ical_calendar["CALSCALE"]) == vo_calendar.calscale.value == "GREGORIAN"
    assert str(ical_calendar["METHOD"]) == vo_calendar.method.value == "REQUEST"
    assert str(ical_event["STATUS"]) == vo_event.status.value == "CONFIRMED"
    assert str(ical_event["UID"]) == vo_event.uid.value == UID
    assert ical_event.decoded("SEQUENCE") == int(vo_event.sequence.value) == 0
    assert str(ical_event["SUMMARY"]) == vo_event.summary.value == "SEND mediation meeting (case SR-ABC123)"
    assert str(ical_event["DESCRIPTION"]) == vo_event.description.value == make_invitation().description
    assert str(ical_event["LOCATION"]) == vo_event.location.value == "Online"
    assert str(ical_event["URL"]) == vo_event.url.value == "https://meet.example/j/123?pwd=a,b;c"

    assert str(ical_event["ORGANIZER"]) == vo_event.organizer.value == "mailto:meetings@sendresolve.example"
    assert ical_event["ORGANIZER"].params["CN"] == "SEND Resolve, mediation team"
    assert vo_event.organizer.params["CN"] == ["SEND Resolve, mediation team"]

    expected = [
        ("mailto:tomas@mediation.example", "CHAIR", "Mediator"),
        ("mailto:siobhan.obrien@example.com", "REQ-PARTICIPANT", "Parent or carer"),
        ("mailto:priya.shah@council.example.gov.uk", "REQ-PARTICIPANT", "LA decision-maker"),
        ("mailto:sam@advice.example", "OPT-PARTICIPANT", "Supporter: advocate; optional"),
    ]
    from_icalendar = [
        (str(a), a.params["ROLE"], a.params["X-SENDRESOLVE-ROLE"]) for a in icalendar_attendees(ical_event)
    ]
    from_vobject = [(a.value, a.params["ROLE"][0], a.params["X-SENDRESOLVE-ROLE"][0]) for a in vo_event.attendee_list]
    assert from_icalendar == from_vobject == expected
    for attendee in vo_event.attendee_list:
        assert attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
        assert attendee.params["RSVP"] == ["TRUE"]
        assert attendee.params["CUTYPE"] == ["INDIVIDUAL"]

    start, end = datetime(2026, 3, 30, 9, 0, tzinfo=UTC), datetime(2026, 3, 30, 11, 30, tzinfo=UTC)
    assert ical_event.decoded("DTSTART") == vo_event.dtstart.value == start
    assert ical_event.decoded("DTEND") == vo_event.dtend.value == end
    assert ical_event.decoded("DTSTAMP") == vo_event.dtstamp.value == NOW


def test_file_is_crlf_with_folded_lines_and_one_event():
    ics = invitation_ics(make_invitation(description="Plenty to say. " * 40), now=NOW)

    assert ics.endswith(b"\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")
    physical = ics.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical), "a long description should be folded"
    assert ics.count(b"BEGIN:VEVENT") == 1
    assert ics.index(b"BEGIN:VTIMEZONE") < ics.index(b"BEGIN:VEVENT")


def test_dtstamp_is_utc_from_now_or_the_clock():
    given = invitation_ics(make_invitation(), now=datetime(2026, 7, 1, 15, 0, tzinfo=LONDON))
    assert "DTSTAMP:20260701T140000Z" in content_lines(given)

    before = datetime.now(UTC).replace(microsecond=0)
    _, event = read_with_icalendar(invitation_ics(make_invitation()))
    assert before <= event.decoded("DTSTAMP") <= datetime.now(UTC)


def test_an_update_keeps_the_uid_and_raises_the_sequence():
    first = make_invitation()
    moved = dataclasses.replace(
        first,
        sequence=first.sequence + 1,
        start=datetime(2026, 4, 2, 14, 0, tzinfo=LONDON),
        end=datetime(2026, 4, 2, 16, 0, tzinfo=LONDON),
    )
    _, before = read_with_icalendar(invitation_ics(first, now=NOW))
    vo_calendar, after = read_with_vobject(invitation_ics(moved, now=NOW + timedelta(days=1)))

    assert after.uid.value == str(before["UID"]) == UID
    assert int(after.sequence.value) == before.decoded("SEQUENCE") + 1
    assert vo_calendar.method.value == "REQUEST"
    assert after.dtstart.value == datetime(2026, 4, 2, 13, 0, tzinfo=UTC)


def test_a_cancellation_is_method_cancel_with_the_same_uid_and_a_higher_sequence():
    moved = make_invitation(sequence=1)
    cancelled = dataclasses.replace(moved, sequence=moved.sequence + 1)
    ics = invitation_ics(cancelled, cancel=True, now=NOW)
    ical_calendar, ical_event = read_with_icalendar(ics)
    vo_calendar, vo_event = read_with_vobject(ics)

    assert str(ical_calendar["METHOD"]) == vo_calendar.method.value == "CANCEL"
    assert str(ical_event["STATUS"]) == vo_event.status.value == "CANCELLED"
    assert str(ical_event["UID"]) == vo_event.uid.value == UID
    assert ical_event.decoded("SEQUENCE") == int(vo_event.sequence.value) == 2
    assert [a.value for a in vo_event.attendee_list] == [str(a) for a in icalendar_attendees(ical_event)]
    assert "STATUS:CONFIRMED" not in content_lines(ics)


def test_content_types_match_the_method_in_the_file():
    assert content_type() == ICS_CONTENT_TYPE_REQUEST == 'text/calendar; method=REQUEST; charset="utf-8"'
    assert content_type(cancel=True) == ICS_CONTENT_TYPE_CANCEL == 'text/calendar; method=CANCEL; charset="utf-8"'


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        pytest.param(date(2026, 3, 27), 10, id="Fri 27 Mar 2026, GMT, before the spring change"),
        pytest.param(date(2026, 3, 30), 9, id="Mon 30 Mar 2026, BST, after the spring change"),
        pytest.param(date(2026, 10, 23), 9, id="Fri 23 Oct 2026, BST, before the autumn change"),
        pytest.param(date(2026, 10, 26), 10, id="Mon 26 Oct 2026, GMT, after the autumn change"),
    ],
)
def test_ten_o_clock_london_time_is_the_right_instant_across_clock_changes(day, utc_hour):
    start = datetime.combine(day, time(10, 0), tzinfo=LONDON)
    ics = invitation_ics(make_invitation(start=start, end=start + timedelta(hours=2)), now=NOW)
    expected = datetime.combine(day, time(utc_hour, 0), tzinfo=UTC)

    lines = content_lines(ics)
    assert f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T100000" in lines
    assert f"DTEND;TZID=Europe/London:{day:%Y%m%d}T120000" in lines

    _, ical_event = read_with_icalendar(ics)
    assert ical_event.decoded("DTSTART").astimezone(UTC) == expected

    vo_calendar, vo_event = read_with_vobject(ics)
    assert vo_event.dtstart.value.astimezone(UTC) == expected
    assert vo_event.dtend.value.astimezone(UTC) == expected + timedelta(hours=2)
    # The zone vobject used is the one it built from this file's VTIMEZONE, not a system database.
    assert vo_event.dtstart.value.tzinfo is vobject.icalendar.getTzid("Europe/London", smart=False)
    assert vo_calendar.vtimezone.tzid.value == "Europe/London"


def test_vobject_takes_its_offsets_from_the_embedded_vtimezone():
    ics = invitation_ics(make_invitation(), now=NOW)
    tampered = ics.replace(b"TZOFFSETTO:+0100", b"TZOFFSETTO:+0200")
    assert tampered != ics

    _, vo_event = read_with_vobject(tampered)
    assert vo_event.dtstart.value.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_vtimezone_uses_yearly_rules_that_agree_with_tzdata():
    ics = invitation_ics(make_invitation(), now=NOW)
    vtimezone = ics[ics.index(b"BEGIN:VTIMEZONE") : ics.index(b"END:VTIMEZONE")].decode()
    # Outlook reads only RRULE-based transitions, and vobject keeps just the first date of an RDATE list.
    assert "RDATE" not in vtimezone
    assert vtimezone.count("RRULE:FREQ=YEARLY") == 2

    vo_calendar, _ = read_with_vobject(ics)
    from_file = vo_calendar.vtimezone.tzinfo
    day = date(1997, 1, 1)
    while day < date(2041, 1, 1):
        for clock in (time(0, 30), time(3, 0)):  # either side of both changes, never inside the gap
            local = datetime.combine(day, clock)
            assert from_file.utcoffset(local) == local.replace(tzinfo=LONDON).utcoffset(), local
        day += timedelta(days=1)


def test_if_tzdata_stops_matching_the_rules_the_exact_zone_is_sent(monkeypatch):
    monkeypatch.setattr(invites, "_on_bst_by_rule", lambda moment: not moment.astimezone(LONDON).dst())
    ics = invitation_ics(make_invitation(), now=NOW)

    assert b"RRULE" not in ics
    assert b"RDATE" in ics
    assert ics.count(b"BEGIN:VTIMEZONE") == 1
    assert ics.index(b"BEGIN:VTIMEZONE") < ics.index(b"BEGIN:VEVENT")
    _, ical_event = read_with_icalendar(ics)
    assert ical_event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


def test_names_with_commas_and_accents_survive_both_parsers():
    ics = invitation_ics(make_invitation(summary="Mediation for Siobhán’s son"), now=NOW)
    assert 'CN="O\'Brien, Siobhán"' in "".join(content_lines(ics))

    _, ical_event = read_with_icalendar(ics)
    _, vo_event = read_with_vobject(ics)
    ical_names = [a.params["CN"] for a in icalendar_attendees(ical_event)]
    vo_names = [a.params["CN"][0] for a in vo_event.attendee_list]
    assert ical_names == vo_names == ["Tomás Ó Ceallaigh", "O'Brien, Siobhán", "Priya Shah", "Sam Jones"]
    assert str(ical_event["SUMMARY"]) == vo_event.summary.value == "Mediation for Siobhán’s son"


def test_double_quotes_and_line_breaks_in_names_are_made_safe_for_every_client():
    person = Attendee('Siobhán "Shiv"\nO\'Brien', "siobhan.obrien@example.com", "Parent or carer")
    ics = invitation_ics(make_invitation(attendees=(person,)), now=NOW)

    _, ical_event = read_with_icalendar(ics)
    _, vo_event = read_with_vobject(ics)
    assert ical_event["ATTENDEE"].params["CN"] == vo_event.attendee.params["CN"][0] == "Siobhán 'Shiv' O'Brien"


def test_url_is_left_out_when_there_is_no_online_link():
    ics = invitation_ics(make_invitation(url="", location="Town Hall, 1 High Street, Leeds LS1 1AA"), now=NOW)
    _, vo_event = read_with_vobject(ics)

    assert not any(line.startswith("URL") for line in content_lines(ics))
    assert vo_event.location.value == "Town Hall, 1 High Street, Leeds LS1 1AA"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"start": datetime(2026, 3, 30, 10, 0)}, "start must be a timezone-aware", id="naive start"),
        pytest.param({"end": datetime(2026, 3, 30, 12, 0)}, "end must be a timezone-aware", id="naive end"),
        pytest.param({"end": datetime(2026, 3, 30, 10, 0, tzinfo=LONDON)}, "must be after its start", id="no length"),
        pytest.param({"end": datetime(2026, 3, 30, 9, 0, tzinfo=LONDON)}, "must be after its start", id="ends first"),
        pytest.param({"uid": ""}, "uid must not be empty", id="empty uid"),
        pytest.param({"uid": "   "}, "uid must not be empty", id="blank uid"),
        pytest.param({"sequence": -1}, "sequence must be a whole number", id="negative sequence"),
        pytest.param({"organiser_email": ""}, "organiser_email must not be empty", id="no organiser e-mail"),
        pytest.param(
            {"attendees": (PARENT, Attendee("Priya Shah", "", "LA decision-maker"))},
            "Attendee 'Priya Shah' \\(LA decision-maker\\) has no e-mail address",
            id="attendee without e-mail",
        ),
    ],
)
def test_bad_invitations_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        invitation_ics(make_invitation(**changes), now=NOW)


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        invitation_ics(make_invitation(), now=datetime(2026, 3, 2, 9, 15))
