"""Attacks through the real pages in Chromium, as an outsider would try them: only pages, e-mails read from a
real SMTP server, and codes. Set-up (the victim's account and case, mediators, allocations, notes) is made with
the factories and services; the attacker's own steps never touch the database. axe-core checks every normal
page the attacker sees.

1. A code sent to my own address does not send a request from, or open, someone else's account.
2. A family member cannot take another family's address, so a case entered for that address stays closed.
3. A mediator allocated after another one cannot read the notes the first one kept."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import Message

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.agreements.notes import note_add
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case, Participant
from sendresolve.mediators import services as mediator_services
from sendresolve.meetings.availability import availability_request
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.browser.steps import continue_from, request_online
from tests.factories import PASSWORD, mediation_case, mediator, organisation, person, totp_code
from tests.meetings.conftest import make_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "victim@example.test"
ATTACKER = "mallory@example.test"
SECRET = "SECRET-NOTE-ZQX"


def _deliver_all() -> None:
    """What the outbox worker does."""
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)


def _text(message: Message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()


def _newest_code(sink, pattern: str = r"^(\d{6})\s*$") -> tuple[str, str]:
    """Delivers the outbox; the newest code e-mail's code and the address it went to."""
    _deliver_all()
    for message in reversed(sink.messages):
        found = re.search(pattern, _text(message), re.M)
        if found:
            return found.group(1), message["To"]
    raise AssertionError("no code e-mail arrived")


def _not_found(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 404, f"{url} answered {response.status}"
    expect(page.locator("h1")).to_have_text("Page not found")


def _request_online(page, live_server, pages_checked, *, email: str, local_authority: str) -> None:
    """Answers every question of the online request, up to the check page."""
    request_online(page, live_server, pages_checked, decision="The contents of an EHC plan",
                   sent_on=timezone.localdate() - timedelta(days=8), local_authority=local_authority,
                   name="Mallory Mallory", email=email, sections=("The support the plan sets out (Section F)",))
    pages_checked.check(page)


def _send_a_code(page, pages_checked) -> None:
    page.get_by_role("button", name="Accept and send a code").click()
    expect(page.locator("h1")).to_have_text("Enter the code we sent you")
    pages_checked.check(page)


def _sign_in_by_code(page, live_server, pages_checked, sink, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    pages_checked.check(page)
    page.get_by_role("link", name="Send me a sign-in code").click()
    expect(page.locator("h1")).to_have_text("Get a sign-in code")
    pages_checked.check(page)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send the code").click()
    expect(page.locator("h1")).to_have_text("Enter your sign-in code")
    pages_checked.check(page)
    code, to = _newest_code(sink, r"^([A-Z0-9-]{6,})\s*$")
    assert to == email
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Home")
    pages_checked.check(page)


def _sign_in_with_password_and_code(page, live_server, pages_checked, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_have_text("Sign in")
    pages_checked.check(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    pages_checked.check(page)
    page.get_by_label("Code").fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Home")
    pages_checked.check(page)


def test_a_code_for_my_address_does_not_open_someone_elses_account(page, live_server, pages_checked, smtp_sink):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Southshire County Council")
    victim = person(Role.FAMILY_MEMBER, email=VICTIM)
    victims_case = mediation_case(local_authority=la, family_email=VICTIM)
    assert Participant.objects.get(case=victims_case, role="rights_holder").user == victim  # the service linked it

    # The attacker asks from their own address and gets a code for it.
    _request_online(page, live_server, pages_checked, email=ATTACKER, local_authority="Southshire County Council")
    _send_a_code(page, pages_checked)
    code, to = _newest_code(smtp_sink)
    assert to == ATTACKER

    # ...then swaps in the victim's address and offers their own code for it.
    page.goto(f"{live_server.url}/request/contact/")
    expect(page.locator("h1")).to_have_text("Your contact details")
    page.get_by_label("Your e-mail address").fill(VICTIM)
    continue_from(page, pages_checked)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    page.goto(f"{live_server.url}/request/confirm/")
    expect(page.locator("h1")).to_have_text("Enter the code we sent you")
    page.get_by_label("Code").fill(code)
    with page.expect_response(lambda r: r.url.endswith("/request/confirm/") and r.request.method == "POST") as sent:
        page.get_by_role("button", name="Send my request").click()
    assert sent.value.status == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is no code for this e-mail address")
    pages_checked.check(page)
    assert list(Case.objects.values_list("pk", flat=True)) == [victims_case.pk]

    # Nobody is signed in: the victim's case asks for a sign-in.
    page.goto(f"{live_server.url}/cases/{victims_case.reference}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("h1")).to_have_text("Sign in")
    pages_checked.check(page)
    expect(page.get_by_text(victims_case.reference)).to_have_count(0)

    # A code for the victim's address goes to the victim's mailbox, never to the attacker's.
    page.goto(f"{live_server.url}/request/confirm/")
    page.get_by_role("link", name="Back to your answers").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    _send_a_code(page, pages_checked)
    _, to = _newest_code(smtp_sink)
    assert to == VICTIM
    codes_sent = [m["To"] for m in smtp_sink.messages if m["Subject"] == "Your code to send your request"]
    assert codes_sent == [ATTACKER, VICTIM]
    assert Case.objects.count() == 1


def test_a_family_cannot_take_anothers_address(page, live_server, pages_checked, smtp_sink):
    person(Role.FAMILY_MEMBER, email=ATTACKER)
    ready = make_ready(family_email=VICTIM, family_account=False)  # entered by phone: no account yet
    case = ready.case
    assert Participant.objects.get(case=case, role="rights_holder").user is None

    # The attacker signs in to their own account, then looks for the page that changes their address.
    _sign_in_by_code(page, live_server, pages_checked, smtp_sink, ATTACKER)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()  # from the sign-out form
    _not_found(page, f"{live_server.url}/accounts/email/")
    expect(page.locator("form input[name=email]")).to_have_count(0)
    # Posting allauth's form anyway, with a good CSRF token, changes nothing.
    posted = page.request.post(f"{live_server.url}/accounts/email/", form={
        "csrfmiddlewaretoken": token, "email": VICTIM, "action_add": ""}, max_redirects=0)
    assert posted.status == 404
    _not_found(page, f"{live_server.url}/accounts/confirm-email/")

    # The case officer asks for availability, as on a phone case: the victim's address gets an account of its own.
    availability_request(acting_user=ready.officer, case=case)
    family = Participant.objects.select_related("user").get(case=case, role="rights_holder")
    assert family.user is not None and family.user.email == VICTIM
    _deliver_all()
    assert ATTACKER not in {m["To"] for m in smtp_sink.messages if "availability" in (m["Subject"] or "").lower()}

    # The attacker, still signed in, sees nothing of the victim's case.
    page.goto(f"{live_server.url}/home/")
    expect(page.locator("h1")).to_have_text("Home")
    pages_checked.check(page)
    expect(page.get_by_text(case.reference)).to_have_count(0)
    _not_found(page, f"{live_server.url}/cases/{case.reference}/")
    _not_found(page, f"{live_server.url}/cases/{case.reference}/availability/mine/")


def test_a_new_mediator_cannot_read_the_last_mediators_notes(page, live_server, pages_checked):
    ready = make_ready()
    case = ready.case
    note_add(acting_user=ready.mediator.user, case=case, kind="note", text=SECRET)
    objection = mediator_services.objection_raise(acting_user=ready.parent, allocation=case.allocations.get(),
                                                  reason="We have met Tom before.")
    mediator_services.objection_decide(acting_user=ready.officer, objection=objection, upheld=True,
                                       reason="The family knows the mediator.")
    second = mediator(name="Grace Lin", totp=True)
    mediator_services.allocation_create(acting_user=ready.officer, case=case, mediator=second)
    notes_url = f"{live_server.url}/cases/{case.reference}/notes/"

    _sign_in_with_password_and_code(page, live_server, pages_checked, second.user)
    # Before declaring independence, there are no notes to see.
    _not_found(page, notes_url)

    page.goto(f"{live_server.url}/mediators/cases/{case.reference}/declare/")
    expect(page.locator("h1")).to_have_text("Declare that you are independent")
    pages_checked.check(page)
    page.get_by_role("group", name="Do you know the family or the child?").get_by_label("No").check()
    page.get_by_role("group", name=re.compile("^Do you have any link")).get_by_label("No").check()
    page.get_by_role("button", name="Send my declaration").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("your declaration is recorded")
    pages_checked.check(page)

    # Declared: their own, blank, page of notes, and the read is in the audit log.
    page.goto(notes_url)
    expect(page.locator("h1")).to_have_text("Your private notes")
    pages_checked.check(page)
    expect(page.get_by_text("No notes yet.")).to_be_visible()
    assert SECRET not in page.content()
    assert AuditEvent.objects.filter(actor=second.user, action="view",
                                     summary__startswith="Read their own confidential notes").exists()
