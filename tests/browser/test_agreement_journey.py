"""After the meeting, through the real pages: the mediator drafts the Action Plan with an "amend Section F"
action and an educational psychologist visit; the parent and the LA decision-maker each agree it on their own
page; it locks; the family downloads the PDF and the LA the Word file; the duties show their legal dates;
the certificate is issued and the family sees its appeal deadline. axe-core checks every page on the way."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.models import Certificate
from sendresolve.clock.output import long_date
from tests.agreements.conftest import hold_meeting
from tests.browser.test_case_journeys import _sign_in_staff
from tests.browser.test_meeting_journey import _sign_in_family
from tests.factories import give_totp
from tests.meetings.conftest import make_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_plan_is_drafted_agreed_by_both_parties_locked_and_followed_to_its_legal_dates(
        browser, live_server, pages_checked, smtp_sink):
    held = hold_meeting(make_ready(family_email="sarah.collins@example.test"))
    for user in (held.mediator.user, held.decision_maker, held.officer):
        give_totp(user)
    case_url = f"{live_server.url}/cases/{held.case.reference}/"
    pages = {}

    def page_of(who):
        pages.setdefault(who, browser.new_context(accept_downloads=True).new_page())
        return pages[who]

    mediator = page_of("mediator")
    _sign_in_staff(mediator, live_server, held.mediator.user)
    mediator.goto(case_url)
    mediator.get_by_role("link", name="Draft the Action Plan").click()
    expect(mediator.locator("h1")).to_have_text("Action Plan")
    pages_checked.check(mediator)
    mediator.get_by_label("Issues discussed").fill("Speech and language provision in Section F; an EP assessment")
    first, second = mediator.get_by_role("group", name="Action 1"), mediator.get_by_role("group", name="Action 2")
    first.get_by_label("What will be done").fill("Amend Section F to add weekly speech and language therapy")
    first.get_by_label("What kind of action is it?").select_option("amend_plan")
    second.get_by_label("What will be done").fill("An educational psychologist visits Sam at school")
    second.get_by_label("What kind of action is it?").select_option("non_appealable")
    mediator.get_by_role("button", name="Save and send to the parties to agree").click()
    expect(mediator.locator(".govuk-notification-banner")).to_contain_text("sent to the parties to agree")
    pages_checked.check(mediator)

    family = page_of("family")
    _sign_in_family(family, live_server, "sarah.collins@example.test", smtp_sink)
    family.goto(case_url)
    family.get_by_role("link", name="Read and agree the Action Plan").click()
    expect(family.locator("h1")).to_have_text("Agree the Action Plan")
    pages_checked.check(family)
    family.get_by_role("button", name="Agree the Action Plan").click()  # nothing ticked: refused, kept
    expect(family.locator(".govuk-error-summary")).to_contain_text("Tick the box")
    pages_checked.check(family)
    family.get_by_label("I agree to this Action Plan").check()
    family.get_by_label("Your full name, as your signature").fill("Sarah Collins")
    family.get_by_role("button", name="Agree the Action Plan").click()
    expect(family.locator(".govuk-notification-banner")).to_contain_text("waiting for the other parties")

    la = page_of("la")
    _sign_in_staff(la, live_server, held.decision_maker)
    la.goto(case_url)
    la.get_by_role("link", name="Read and agree the Action Plan").click()
    la.get_by_label("I agree to this Action Plan").check()
    la.get_by_label("Your full name, as your signature").fill(held.decision_maker.full_name)
    la.get_by_role("button", name="Agree the Action Plan").click()
    expect(la.locator(".govuk-notification-banner")).to_contain_text("now the mediation agreement")
    plan = ActionPlan.objects.get(case=held.case)
    assert plan.status == ActionPlan.Status.AGREED

    # Locked: the mediator sees it agreed; a change would be a new version.
    mediator.goto(f"{case_url}plan/")
    expect(mediator.get_by_text("Agreed by all parties")).to_be_visible()
    expect(mediator.get_by_text("Saving a change makes a new version")).to_be_visible()

    # The family downloads the PDF, the LA the Word file.
    family.goto(case_url)
    pages_checked.check(family)
    with family.expect_download() as pdf:
        family.get_by_role("link", name="Download the Action Plan (PDF)").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    la.goto(case_url)
    with la.expect_download() as word:
        la.get_by_role("link", name="Download the Action Plan (Word)").click()
    text = " ".join(c.text for t in Document(io.BytesIO(word.value.path().read_bytes())).tables
                    for r in t.rows for c in r.cells)
    assert "educational psychologist" in text

    # The duties, with the dates from the clock.
    duties = {d.rule: d for d in held.case.deadlines.filter(plan_action__isnull=False)}
    family.get_by_role("link", name="Agreed actions and what has happened").click()
    expect(family.locator("h1")).to_have_text("Agreed actions")
    pages_checked.check(family)
    amended = family.locator(".govuk-summary-card", has_text="Amend Section F")
    expect(amended).to_contain_text(f"{long_date(duties['T10.amend_plan'].due)}: Issue the amended EHC plan")
    visit = family.locator(".govuk-summary-card", has_text="educational psychologist")
    expect(visit).to_contain_text(f"Due {long_date(duties['T11'].due)}")
    la.goto(f"{case_url}duties/")
    expect(la.get_by_text("Mark it done: An educational psychologist visits Sam at school")).to_have_count(1)

    # The outcome, the certificate, and the family's appeal deadline.
    mediator.goto(case_url)
    mediator.get_by_role("link", name="Record the outcome").click()
    pages_checked.check(mediator)
    mediator.get_by_label("Agreed in part").check()
    mediator.get_by_role("button", name="Record the outcome").click()
    expect(mediator.locator(".govuk-notification-banner")).to_contain_text("outcome is recorded")
    officer = page_of("officer")
    _sign_in_staff(officer, live_server, held.officer)
    officer.goto(case_url)
    officer.get_by_role("button", name="Issue the certificate").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Certificate MC-")
    certificate = Certificate.objects.get(case=held.case)
    family.goto(case_url)
    expect(family.get_by_text(f"Appeal by 5pm on {long_date(certificate.appeal_deadline)}")).to_be_visible()
    expect(family.get_by_text("Outcome: Agreed in part")).to_be_visible()
    pages_checked.check(family)
    for page in pages.values():
        page.context.close()
