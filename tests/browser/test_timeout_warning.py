"""The GOV.UK timeout warning in Chromium: two minutes before a staff member would be signed out for inactivity
a modal dialog says so; "Stay signed in" keeps the session without leaving the page. The page's clock is
Playwright's, moved on by the test: nothing waits for real minutes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendresolve.accounts.roles import Role
from tests.browser.test_case_journeys import _sign_in_staff
from tests.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_are_warned_before_being_signed_out_and_can_stay(page, live_server):
    officer = person(Role.CASE_OFFICER, totp=True)
    page.clock.install()
    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_hidden()
    page.clock.run_for("27:00")
    expect(dialog).to_be_hidden()
    page.clock.run_for("01:01")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import WCAG_22_AA

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    with page.expect_response(lambda response: response.url.endswith("/accounts/keep-alive/")) as kept:
        page.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    expect(page.locator("h1")).to_have_text("Cases and what is due")  # still on the page, nothing lost
    page.clock.run_for("27:00")
    expect(dialog).to_be_hidden()  # the warning's clock started again
    page.clock.run_for("01:01")
    expect(dialog).to_be_visible()
