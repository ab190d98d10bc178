"""From arranging to a booked meeting through the real pages: allocation of an independent mediator, the
mediator's declaration, the LA's attendee with authority to settle, availability given on each person's own
page (the family's after signing in with an e-mailed code), the proposed slot, booking with invitations read
from an SMTP sink, and the link for the invited only. axe-core checks every page on the way."""

from __future__ import annotations

import re
from email.message import Message

import pytest
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Participant
from sendresolve.mediators.models import Exclusion
from sendresolve.meetings import selectors
from sendresolve.meetings.models import Meeting
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.browser.test_case_journeys import _sign_in_staff
from tests.factories import arranging_case, mediator, organisation, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _deliver_all() -> None:
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)


def _text(message: Message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()


def _sign_in_family(page, live_server, email: str, sink) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Send me a sign-in code").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send the code").click()
    expect(page.locator("h1")).to_have_text("Enter your sign-in code")
    _deliver_all()
    codes = [re.search(r"^([A-Z0-9-]{6,})\s*$", _text(m), re.M) for m in sink.messages if m["To"] == email]
    page.get_by_label("Code").fill([c for c in codes if c][-1].group(1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Home")


def _tick(page, day, session: str) -> None:
    page.get_by_role("group", name=f"{day:%A} {day.day} {day:%B %Y}").get_by_label(re.compile(f"^{session}")).check()


def test_a_meeting_is_arranged_with_an_independent_mediator_inside_the_30_days(
        browser, live_server, pages_checked, smtp_sink):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    officer = person(Role.CASE_OFFICER, totp=True)
    case = arranging_case(officer=officer, local_authority=la, family_email="sarah.collins@example.test")
    employed = mediator(name="Erin Employed", exclusions=[(la, Exclusion.Reason.EMPLOYED, "SEN casework team")])
    mediator(name="Lee Linked", exclusions=[(la, Exclusion.Reason.DECLARED_LINK, "sits on its funding panel")])
    tom = mediator(name="Tom Okafor", totp=True)
    decision_maker = person(Role.LA_DECISION_MAKER, la, totp=True, email="fiona.clarke@northshire.example.test")
    decision_maker.full_name = "Fiona Clarke"
    decision_maker.save()
    la_officer = person(Role.LA_OFFICER, la, totp=True)
    case_url = f"{live_server.url}/cases/{case.reference}/"
    contexts = {}

    def page_of(who: str):
        if who not in contexts:
            contexts[who] = browser.new_context().new_page()
        return contexts[who]

    # The case officer: the employed mediator is not offered; the one with a declared link cannot be chosen.
    staff = page_of("officer")
    _sign_in_staff(staff, live_server, officer)
    staff.goto(case_url)
    staff.get_by_role("link", name="Mediator").click()
    expect(staff.locator("h1")).to_have_text("Mediator")
    pages_checked.check(staff)
    expect(staff.get_by_text(employed.user.full_name)).to_have_count(0)
    linked_row = staff.locator("tr", has_text="Lee Linked")
    expect(linked_row).to_contain_text("Cannot be allocated")
    expect(linked_row).to_contain_text("Declared link with Northshire County Council: sits on its funding panel")
    expect(linked_row.get_by_role("button")).to_have_count(0)
    staff.get_by_role("button", name="Allocate Tom Okafor").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Tom Okafor is allocated")
    pages_checked.check(staff)

    # The mediator declares, on their own page, that they are independent.
    own = page_of("mediator")
    _sign_in_staff(own, live_server, tom.user)
    own.goto(f"{live_server.url}/mediators/")
    pages_checked.check(own)
    own.get_by_role("link", name=f"Declare that you are independent for {case.reference}").click()
    pages_checked.check(own)
    own.get_by_role("group", name="Do you know the family or the child?").get_by_label("No").check()
    own.get_by_role("group", name=re.compile("^Do you have any link")).get_by_label("No").check()
    own.get_by_role("button", name="Send my declaration").click()
    expect(own.locator(".govuk-notification-banner")).to_contain_text("your declaration is recorded")

    # The LA names its decision-maker and confirms their authority to settle, in writing.
    la_page = page_of("decision_maker")
    _sign_in_staff(la_page, live_server, decision_maker)
    la_page.goto(case_url)
    pages_checked.check(la_page)
    la_page.get_by_role("link", name="Name who attends for Northshire County Council").click()
    pages_checked.check(la_page)
    la_page.get_by_label("Who will attend?").select_option(label="Fiona Clarke")
    la_page.get_by_label("I confirm this").check()
    la_page.get_by_label("Your full name, as your signature").fill("Fiona Clarke")
    la_page.get_by_role("button", name="Confirm").click()
    expect(la_page.locator(".govuk-notification-banner")).to_contain_text("Fiona Clarke will attend")

    # The case officer asks the required people when they can meet.
    staff.goto(case_url)
    staff.get_by_role("link", name="Arrange the meeting").click()
    pages_checked.check(staff)
    staff.get_by_role("button", name="Ask for availability").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("have been asked")
    round_ = selectors.current_request(case)
    days = sorted({slot.day for slot in selectors.offered_slots(round_)})
    assert {a.participant.role for a in round_.answers.select_related("participant")} == {
        "rights_holder", "la_decision_maker", "mediator"}

    # Each gives their times on their own page; the family signs in with a code e-mailed to them.
    family = page_of("family")
    _sign_in_family(family, live_server, "sarah.collins@example.test", smtp_sink)
    family.goto(case_url)
    family.get_by_role("link", name="Tell us when you can meet").click()
    expect(family.locator("h1")).to_have_text("When can you meet?")
    pages_checked.check(family)
    _tick(family, days[0], "Morning")
    _tick(family, days[1], "Afternoon")
    _tick(family, days[2], "Morning")
    family.get_by_role("button", name="Save my times").click()
    expect(family.locator(".govuk-notification-banner")).to_contain_text("your times are saved")
    for page, picks in ((la_page, [(days[1], "Afternoon"), (days[2], "Afternoon")]),
                        (own, [(days[0], "Afternoon"), (days[1], "Afternoon")])):
        page.goto(f"{case_url}availability/mine/")
        for day, session in picks:
            _tick(page, day, session)
        page.get_by_role("button", name="Save my times").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("your times are saved")

    # The proposal is the one session everybody required can make; booking sends the invitations.
    staff.goto(f"{case_url}availability/")
    pages_checked.check(staff)
    proposal = staff.get_by_label(re.compile(f"{days[1]:%A} {days[1].day} {days[1]:%B %Y}"))
    expect(proposal).to_have_count(1)
    proposal.check()
    staff.get_by_role("button", name="Book the meeting and send the invitations").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("invitations have been sent")
    expect(staff.locator(".govuk-tag--blue")).to_have_text("Meeting booked")
    pages_checked.check(staff)
    meeting = Meeting.objects.get(case=case)
    assert selectors.local_time(meeting.start).date() == days[1] and selectors.local_time(meeting.start).hour == 13
    _deliver_all()
    invitations = [m for m in smtp_sink.messages if (m["Subject"] or "").startswith("Mediation meeting booked")]
    assert {m["To"] for m in invitations} == {"sarah.collins@example.test", decision_maker.email, tom.user.email}
    for message in invitations:
        [ics] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        body = ics.get_payload(decode=True).decode()
        assert "METHOD:REQUEST" in body and meeting.uid in body
    family_mail = next(m for m in invitations if m["To"] == "sarah.collins@example.test")
    assert "What will happen" in _text(family_mail)

    # The link is on the meeting page of those invited, and nowhere for anyone else.
    family.goto(case_url)
    family.get_by_role("link", name="Your meeting: how to join and who is invited").click()
    expect(family.locator("h1")).to_have_text("Your meeting")
    expect(family.get_by_role("link", name="Join the meeting (opens in a new tab)")).to_have_attribute(
        "href", meeting.video_link)
    pages_checked.check(family)
    expect(staff.get_by_text(meeting.video_link)).to_have_count(0)
    outsider = page_of("la_officer")
    _sign_in_staff(outsider, live_server, la_officer)
    assert outsider.goto(f"{case_url}meeting/").status == 404
    assert meeting.video_link not in outsider.content()
    assert case.participants.filter(role=Participant.Role.LA_DECISION_MAKER, user=decision_maker).exists()
    for context_page in contexts.values():
        context_page.context.close()

