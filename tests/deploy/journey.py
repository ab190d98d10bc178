"""The production smoke's browser journey, through nginx and TLS to the gunicorn processes, with the e-mail sent by
the real workers to the SMTP sink: a family sends an online request and confirms it by the code it was e-mailed; a
case officer signs in with password and authenticator code and opens the case. The browser steps and page checks
(axe-core, one h1, distinct titles) are the browser tests' own."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from types import SimpleNamespace

from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import PageChecker, browser_type_launch_args
from tests.browser.steps import request_online

# A client that claims another address: behind one trusted proxy the service must record nginx's view of it.
SPOOFED_ADDRESS = "203.0.113.9"
LOCAL_AUTHORITY = "Northshire County Council"
TIMEOUT_MS = 30_000  # each page: generous on a busy 2-core machine, and a failure still ends the run in time


def set_up_people():
    """The set-up data a live service would have: a local authority and a case officer with an authenticator."""
    from sendresolve.accounts.roles import OrganisationKind, Role
    from tests.factories import organisation, person

    organisation(OrganisationKind.LOCAL_AUTHORITY, name=LOCAL_AUTHORITY)
    return person(Role.CASE_OFFICER, totp=True, email="case.officer@smoke.sendresolve.test")


def _code_from(sink, address: str, timeout: float = 60) -> str:
    """Waits for the worker to deliver the e-mail to `address`, and reads the code from it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sink.lock:
            found = [m for m in sink.messages if m["To"] == address]
        if found:
            text = next(p for p in found[-1].walk() if p.get_content_type() == "text/plain")
            return re.search(r"^(\d{6})\s*$", text.get_payload(decode=True).decode(), re.M).group(1)
        time.sleep(0.05)
    raise TimeoutError(f"no e-mail to {address} reached the SMTP sink within {timeout:.0f} s")


def run_journey(url: str, sink, officer) -> dict:
    """Returns the case's reference and how long each part took; raises on the first thing that goes wrong."""
    from django.utils import timezone

    from sendresolve.audit.models import AuditEvent
    from sendresolve.cases.models import Case
    from tests.factories import PASSWORD, totp_code

    timings: dict[str, float] = {}
    family_email = "sarah.collins@smoke.sendresolve.test"
    pages_checked = PageChecker()
    launch = browser_type_launch_args.__wrapped__({})  # the browser tests' Debian Chromium and flags
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch)
        try:
            # The certificate was made for this run: the browser is told not to check it, nothing else changes.
            family = browser.new_context(ignore_https_errors=True)
            family.set_default_timeout(TIMEOUT_MS)
            page = family.new_page()
            started = time.monotonic()
            request_online(page, SimpleNamespace(url=url), pages_checked,
                           decision="Refusal to carry out an EHC needs assessment",
                           sent_on=timezone.localdate() - timedelta(days=8), local_authority=LOCAL_AUTHORITY,
                           name="Sarah Collins", email=family_email, wanted="Carry out an EHC needs assessment")
            assert page.url.startswith(url), f"the request left nginx's address: {page.url}"
            pages_checked.check(page)
            page.get_by_role("button", name="Accept and send a code").click()
            expect(page.locator("h1")).to_have_text("Enter the code we sent you")
            timings["request"] = time.monotonic() - started
            started = time.monotonic()
            code = _code_from(sink, family_email)
            timings["code e-mail"] = time.monotonic() - started
            page.get_by_label("Code").fill(code)
            page.get_by_role("button", name="Send my request").click()
            expect(page.locator("h1")).to_have_text("Request sent")
            pages_checked.check(page)
            reference = Case.objects.get().reference
            expect(page.get_by_text(reference)).to_be_visible()

            started = time.monotonic()
            staff = browser.new_context(ignore_https_errors=True,
                                        extra_http_headers={"X-Forwarded-For": SPOOFED_ADDRESS})
            staff.set_default_timeout(TIMEOUT_MS)
            page = staff.new_page()
            page.goto(f"{url}/accounts/login/")
            page.get_by_label("Email").fill(officer.email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
            page.get_by_label("Code").fill(totp_code(officer.totp_secret))
            page.get_by_role("button", name="Continue").click()
            expect(page.locator("h1")).to_have_text("Home")
            page.goto(f"{url}/cases/")
            expect(page.locator("h1")).to_have_text("Cases and what is due")
            page.get_by_role("link", name=reference).first.click()
            expect(page.locator("h1")).to_have_text(f"Case {reference}")
            pages_checked.check(page)
            timings["staff"] = time.monotonic() - started
        finally:
            browser.close()
    sign_in = AuditEvent.objects.filter(action="sign_in", actor=officer).latest("at")
    assert sign_in.ip_address != SPOOFED_ADDRESS, "the client chose its own address past the trusted proxy"
    return {"reference": reference, "timings": timings, "pages": len(pages_checked.titles),
            "audit_address": sign_in.ip_address}
