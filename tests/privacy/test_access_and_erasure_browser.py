"""The data protection pages in Chromium, as an administrator goes through them, with axe-core on every page:
sign in, find the family from the menu, download everything held about them and open it, correct a misspelt name,
see why one family cannot be erased yet, and erase another."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Certificate
from tests.browser.conftest import browser_type_launch_args, pages_checked
from tests.factories import PASSWORD, organisation, person, totp_code
from tests.privacy.people import files_in, old_closed_case, open_export

__all__ = ["browser_type_launch_args", "files_in", "pages_checked"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, pages_checked, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Home")
    pages_checked.check(page)


def _find(page, pages_checked, words: str, name: str) -> None:
    page.get_by_role("link", name="People's data").click()
    expect(page.locator("h1")).to_have_text("People's data")
    page.get_by_label("Name or e-mail address").fill(words)
    page.get_by_role("button", name="Search").click()
    pages_checked.check(page)
    page.get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_have_text(f"What we hold about {name}")
    pages_checked.check(page)


def test_an_administrator_exports_corrects_and_erases_through_the_pages(page, live_server, pages_checked, files_in):
    in_time = old_closed_case(family_email="nadia.okoro@example.test", family_name="Nadia Okro", child="Femi Okoro")
    Certificate.objects.filter(case=in_time).update(appeal_deadline=timezone.localdate() + timedelta(days=5))
    done = old_closed_case(family_email="jo.bright@example.test", family_name="Jo Bright", child="Kit Bright")
    admin = person(Role.ADMINISTRATOR, organisation(OrganisationKind.PROVIDER), totp=True)
    _sign_in(page, live_server, pages_checked, admin)

    # Everything held about the family, as the ZIP they will be sent.
    _find(page, pages_checked, "okro", "Nadia Okro")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything we hold about Nadia Okro").click()
    assert re.fullmatch(r"subject-access-u\d+-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename)
    export = open_export(download.value.path().read_bytes())
    assert [case["reference"] for case in export.data["cases_about_you"]] == [in_time.reference]
    assert "Personal data held about Nadia Okro" in export.summary

    # The name was misspelt: corrected, with a reason (first forgetting the reason).
    page.get_by_role("link", name="Correct their name or e-mail address").click()
    pages_checked.check(page)
    page.get_by_label("Full name").fill("Nadia Okoro")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why it is being corrected")
    pages_checked.check(page)
    page.get_by_label("Why is it being corrected?").fill("Misspelt when the request was taken by phone")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("h1")).to_have_text("What we hold about Nadia Okoro")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("corrected")

    # Her certificate can still be used to appeal: erasure is refused, and the page says why.
    page.get_by_role("link", name="Erase this person").click()
    expect(page.locator("#erasure-refused")).to_contain_text(f"certificate {in_time.certificates.get().number} can be "
                                                             "used to appeal until")
    pages_checked.check(page)

    # Another family whose case is over is erased, after confirming.
    _find(page, pages_checked, "jo.bright@", "Jo Bright")
    page.get_by_role("link", name="Erase this person").click()
    page.get_by_label("Why may they be erased?").fill("Asked by e-mail on 2 March; case closed, nothing left to do")
    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you understand")
    pages_checked.check(page)
    page.get_by_label(re.compile("I understand this cannot be undone")).check()
    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Erased. 1 case(s) about them anonymised")
    pages_checked.check(page)
    done.refresh_from_db()
    assert done.child_name == "" and not done.participants.filter(name="Jo Bright").exists()
