"""The month's invoice to an LA, through the real pages with axe-core on each (ADR 23): a service manager drafts it from
the invoices page, finds the mediation, the meeting, the LA's late cancellation and the family's approved expense on
it, adjusts a line and adds one, issues it and downloads its PDF (read with pdftotext) and XLSX (opened with openpyxl
and converted by LibreOffice); reads the contract's prices; the LA's officer finds it from their home page and follows
a line to its case; the service manager then reverses it with a credit note (which only a service manager may do).
(A case officer's own pages are the same: tests/billing/test_pages.py.)"""

from __future__ import annotations

import csv
import re
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.billing.models import Invoice
from tests.billing import world
from tests.browser.test_case_journeys import _sign_in_staff
from tests.factories import give_totp, organisation, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_month_s_invoice_to_an_la_is_reviewed_issued_read_by_the_la_and_reversed(
        browser, live_server, pages_checked, tmp_path):
    today = timezone.localdate()
    firm = world.provider(name="Resolve Mediation Partnership")
    give_totp(firm.manager)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    la_officer = person(Role.LA_OFFICER, la, totp=True)
    world.contract(firm.org, la, starts_on=today - timedelta(days=90), reference="NCC-SEND-MED-2026",
                   meeting_prices=[("online", 180, "90.00")])
    mediated = world.case(la, child_name="Sam Collins")
    world.meeting(mediated, today, firm.officer, minutes=180)
    world.approved_expense(mediated, la, amount="7.80", decided_on=today, by=firm.officer)
    cancelled = world.case(la, child_name="Ella Hughes")
    booked = world.meeting(cancelled, today, firm.officer, status="cancelled")  # this morning's, called off
    world.change(booked, party="la", changed_on=today - timedelta(days=1), by=firm.officer)  # yesterday

    manager = browser.new_context(accept_downloads=True).new_page()
    _sign_in_staff(manager, live_server, firm.manager)
    manager.get_by_role("link", name="See the invoices").click()
    expect(manager.locator("h1")).to_have_text("Invoices")
    expect(manager.locator("#drafts")).to_contain_text("No draft is waiting for review.")
    pages_checked.check(manager)
    manager.get_by_role("button", name="Draft invoices up to today").click()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text("1 draft invoice to review")
    manager.get_by_role("link", name="Draft invoice to Northshire County Council").click()
    expect(manager.locator("h1")).to_have_text("Draft invoice to Northshire County Council")
    pages_checked.check(manager)
    lines = manager.locator("#lines")
    for words in ("Mediation case, first session held", "Meeting held, online", "Late cancellation or move by the "
                  "local authority", "Family's expenses: Parking and tolls"):
        expect(lines).to_contain_text(words)
    expect(lines).not_to_contain_text("Sam")

    manager.get_by_role("link", name="Adjust line 3").click()
    expect(manager.locator("h1")).to_have_text("Adjust line 3")
    pages_checked.check(manager)
    manager.get_by_label("Price for each, in pounds (before VAT)").fill("75")
    manager.get_by_role("button", name="Adjust the line").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Say why the line is being changed")
    pages_checked.check(manager)
    manager.get_by_label("Why is it being changed?").fill("The meeting ended half an hour early")
    manager.get_by_role("button", name="Adjust the line").click()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text("Line 3 adjusted")
    expect(lines).to_contain_text("Adjusted from 1 × £90.00: The meeting ended half an hour early")

    manager.get_by_role("link", name="Add a line by hand").click()
    expect(manager.locator("h1")).to_have_text("Add a line by hand")
    pages_checked.check(manager)
    manager.get_by_label("What is the line for?").fill("Interpreter at the meeting, at cost")
    manager.get_by_label("Case reference (optional)").fill(mediated.reference)
    manager.get_by_label("Price for each, in pounds (before VAT)").fill("85.50")
    manager.get_by_label("Why is it being added?").fill("Booked at the local authority's request")
    manager.get_by_role("button", name="Add the line").click()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text("Line added")

    manager.get_by_role("button", name="Issue the invoice").click()
    expect(manager.locator("h1")).to_have_text("Invoice INV-000001")
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invoice INV-000001 issued and e-mailed to")
    pages_checked.check(manager)
    invoice = Invoice.objects.get(number="INV-000001")
    # (300 + 75 + 120 + 85.50) net + 20% VAT + 7.80 at cost
    assert invoice.total == Decimal("704.40") == sum(line.total for line in invoice.lines.all())

    with manager.expect_download() as pdf:
        manager.get_by_role("link", name="Invoice INV-000001 (PDF)").click()
    text = subprocess.run(["pdftotext", "-layout", str(pdf.value.path()), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Invoice INV-000001" in text and "£704.40" in text and mediated.reference in text
    assert "Sam" not in text and "Collins" not in text
    with manager.expect_download() as xlsx:
        manager.get_by_role("link", name="Its lines as a spreadsheet (XLSX)").click()
    workbook_path = tmp_path / "invoice-INV-000001.xlsx"
    xlsx.value.save_as(workbook_path)
    rows = list(load_workbook(workbook_path, read_only=True)["Lines"].values)
    assert [row[13] for row in rows[1:]] == [line.code for line in invoice.lines.all()]
    profile = tmp_path / "libreoffice-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv",
                    "--outdir", str(tmp_path), str(workbook_path)], capture_output=True, check=True, timeout=120)
    converted = list(csv.reader((tmp_path / "invoice-INV-000001.csv").read_text().splitlines()))
    assert converted[0][11] == "Case reference" and {row[11] for row in converted[1:]} == {
        mediated.reference, cancelled.reference}
    assert sum(Decimal(row[20]) for row in converted[1:]) == invoice.total

    manager.get_by_role("link", name="Back to invoices").click()
    manager.get_by_role("link", name="Contracts and price lists").click()
    expect(manager.locator("h1")).to_have_text("Contracts and price lists")
    pages_checked.check(manager)
    manager.get_by_role("link", name="NCC-SEND-MED-2026").click()
    expect(manager.locator("h1")).to_have_text("Contract NCC-SEND-MED-2026")
    expect(manager.get_by_text("£704.40")).to_be_visible()  # invoiced so far
    pages_checked.check(manager)

    # The LA's manager finds it from their home page and follows a line to its case.
    council = browser.new_context().new_page()
    _sign_in_staff(council, live_server, la_officer)
    council.get_by_role("link", name="See your invoices").click()
    expect(council.locator("#issued")).to_contain_text("INV-000001")
    expect(council.locator("body")).not_to_contain_text("Drafts waiting for review")
    council.get_by_role("link", name="Invoice INV-000001").click()
    pages_checked.check(council)
    council.get_by_role("link", name=cancelled.reference).click()
    expect(council.locator("h1")).to_contain_text(re.compile("Ella Hughes|" + cancelled.reference))

    # The service manager reverses it: a credit note, never an edit.
    manager.goto(f"{live_server.url}/billing/invoices/{invoice.pk}/")
    manager.get_by_role("link", name="Reverse this invoice with a credit note").click()
    expect(manager.locator("h1")).to_have_text("Reverse invoice INV-000001")
    pages_checked.check(manager)
    manager.get_by_label("Why is the invoice being reversed?").fill("Raised before the purchase order was renewed")
    manager.get_by_role("button", name="Issue the credit note").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Confirm that a credit note will be issued")
    pages_checked.check(manager)
    manager.get_by_label(re.compile("I understand a credit note")).check()
    manager.get_by_role("button", name="Issue the credit note").click()
    expect(manager.locator("h1")).to_have_text("Credit note CN-000001")
    expect(manager.locator("#totals")).to_contain_text("-£704.40")
    pages_checked.check(manager)
