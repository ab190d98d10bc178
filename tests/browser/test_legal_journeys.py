"""The edges of the law a family or officer meets, walked in Chromium (legal review L2, L4, L5)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.clock import CaseEvents, compute_deadlines
from sendresolve.clock.output import long_date
from tests.factories import organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _continue(page, pages_checked):
    pages_checked.check(page)
    page.get_by_role("button", name="Continue").click()


def _date(page, name, day):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{name}_{part}").fill(str(value))


def test_a_family_past_its_contact_date_is_told_plainly_and_can_still_ask(page, live_server, pages_checked):
    organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    sent = timezone.localdate() - timedelta(days=80)
    dates = {d.rule.id: d.due for d in compute_deadlines(CaseEvents(notice_sent=sent))}
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Parent or carer").check()
    _continue(page, pages_checked)
    page.get_by_label(re.compile("A decision the local authority made")).check()
    _continue(page, pages_checked)
    page.get_by_label("Decision to cease to maintain an EHC plan").check()
    _continue(page, pages_checked)
    _date(page, "sent_on", sent)
    _continue(page, pages_checked)
    _continue(page, pages_checked)  # no letter
    page.get_by_label("What do you want the local authority to do instead?").fill("Keep my daughter's plan")
    _continue(page, pages_checked)
    page.get_by_label("Full name of the child or young person").fill("Ava Patel")
    _date(page, "child_date_of_birth", date(2011, 2, 3))
    _continue(page, pages_checked)
    page.get_by_label("Which local authority is it?").select_option(label="Northshire County Council")
    _continue(page, pages_checked)
    page.get_by_label("Your full name").fill("Priya Patel")
    page.get_by_label("Your e-mail address").fill("priya.patel@example.test")
    _continue(page, pages_checked)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(f"The last day to contact the mediation adviser was {long_date(dates['T1'])}")
    expect(warning).to_contain_text("That date has passed")
    expect(page.get_by_text("Send your request anyway")).to_be_visible()
    expect(page.get_by_text("the SEND Tribunal has to agree to hear your appeal")).to_be_visible()
    expect(page.get_by_text("Sending this request does that")).to_have_count(0)
    pages_checked.check(page)
