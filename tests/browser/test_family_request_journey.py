"""A parent asks for mediation online in Chromium, is told their dates, and confirms by a code from a real
SMTP server; axe-core checks every question page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases.models import Case
from sendresolve.clock import CaseEvents, compute_deadlines
from sendresolve.clock.output import long_date
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def _continue(page, pages_checked):
    pages_checked.check(page)
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("decision, sections, certificate_needed", [
    ("Refusal to carry out an EHC needs assessment", (), True),
    ("The contents of an EHC plan", ("needs", "support"), True),
    ("The contents of an EHC plan", ("school",), False),
], ids=["refusal-to-assess", "plan-contents", "school-named-only"])
def test_a_parent_asks_for_mediation_and_is_told_their_dates(page, live_server, pages_checked, smtp_sink,
                                                             decision, sections, certificate_needed):
    organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    sent = timezone.localdate() - timedelta(days=8)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Parent or carer").check()
    _continue(page, pages_checked)
    page.get_by_label(re.compile("A decision the local authority made")).check()
    _continue(page, pages_checked)
    page.get_by_label(decision).check()
    _continue(page, pages_checked)
    _date(page, "sent_on", sent)
    _continue(page, pages_checked)
    page.get_by_label("Upload the decision letter (optional)").set_input_files(
        files=[{"name": "decision-letter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%letter\n"}])
    _continue(page, pages_checked)
    labels = {"needs": "The needs the plan describes (Section B)",
              "support": "The support the plan sets out (Section F)",
              "school": "The school, college or type of setting named, or that none is named (Section I)"}
    if sections:
        expect(page.locator("h1")).to_have_text("Which parts of the plan do you disagree with?")
        for section in sections:
            page.get_by_label(labels[section]).check()
    else:  # a refusal is appealed as a whole: never asked about parts of a plan (legal review L1)
        expect(page.locator("h1")).to_have_text("What do you want the local authority to do instead?")
        page.get_by_label("What do you want the local authority to do instead?").fill(
            "Carry out an EHC needs assessment for Sam")
    _continue(page, pages_checked)
    page.get_by_label("Full name of the child or young person").fill("Sam Collins")
    _date(page, "child_date_of_birth", date(2016, 5, 4))
    _continue(page, pages_checked)
    page.get_by_label("Which local authority is it?").select_option(label="Northshire County Council")
    _continue(page, pages_checked)
    page.get_by_label("Your full name").fill("Sarah Collins")
    page.get_by_label("Your e-mail address").fill("sarah.collins@example.test")
    _continue(page, pages_checked)

    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    pages_checked.check(page)
    expected = {d.rule.id: d.due for d in compute_deadlines(CaseEvents(
        notice_sent=sent, placement_only=not certificate_needed))}
    expect(page.get_by_text(f"5pm on {long_date(expected['T9'])}")).to_be_visible()
    if certificate_needed:
        expect(page.get_by_text(long_date(expected["T1"]), exact=True)).to_be_visible()
    else:
        expect(page.get_by_text("you do not need a mediation certificate")).to_be_visible()
    page.get_by_role("button", name="Accept and send a code").click()
    expect(page.locator("h1")).to_have_text("Enter the code we sent you")
    pages_checked.check(page)
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    text = next(p for p in smtp_sink.messages[-1].walk() if p.get_content_type() == "text/plain")
    code = re.search(r"^(\d{6})\s*$", text.get_payload(decode=True).decode(), re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("h1")).to_have_text("Request sent")
    pages_checked.check(page)
    case = Case.objects.get()
    expect(page.get_by_text(case.reference)).to_be_visible()
    page.get_by_role("link", name="See your request and your dates").click()
    expect(page.locator("h1")).to_have_text(f"Case {case.reference}")
    expect(page.get_by_role("link", name="Download decision-letter.pdf")).to_be_visible()
    pages_checked.check(page)
