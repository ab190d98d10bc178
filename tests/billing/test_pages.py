"""The invoice and contract pages through the test client: who sees what (an LA its own issued invoices and the cases
behind each line, never a draft nor another body's; the provider's staff their own provider's; nobody else
anything), the staff's forms, what waits on the home page, and the monthly run."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.billing.drafting import invoice_draft, invoices_draft_monthly
from sendresolve.billing.issuing import invoice_issue
from sendresolve.billing.models import Invoice, InvoiceRun
from sendresolve.clock.billing_periods import month_before
from sendresolve.core.timezones import LONDON
from tests.billing import world
from tests.factories import organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(settings, tmp_path):
    """A provider with an issued invoice and a draft to one LA, and an issued invoice to another LA."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    month = month_before(timezone.localdate())
    firm = world.provider()
    ours, theirs = (organisation(OrganisationKind.LOCAL_AUTHORITY) for _ in range(2))
    issued = {}
    for la in (ours, theirs):
        deal = world.contract(firm.org, la, starts_on=month.first - timedelta(days=60))
        world.meeting(world.case(la), month.first, firm.officer)
        issued[la] = invoice_issue(acting_user=firm.officer,
                                   invoice=invoice_draft(acting_user=None, contract=deal, up_to=month.last))
        world.meeting(world.case(la), timezone.localdate(), firm.officer)
    draft = invoice_draft(acting_user=None, contract=issued[ours].contract, up_to=timezone.localdate())
    return firm, ours, theirs, issued[ours], issued[theirs], draft


def client_of(user) -> Client:
    return signed_in_with_mfa(Client(), user)


def test_an_la_officer_sees_its_own_issued_invoices_and_the_cases_behind_them_and_nothing_else(books):
    firm, ours, theirs, mine, other, draft = books
    officer = client_of(person(Role.LA_OFFICER, ours))
    listed = officer.get(reverse("invoice_list")).content.decode()
    assert f"/billing/invoices/{mine.pk}/" in listed and f"/billing/invoices/{other.pk}/" not in listed
    assert "Draft invoice" not in listed
    page = officer.get(reverse("invoice_detail", args=[mine.pk]))
    case = mine.lines.first().case
    assert page.status_code == 200 and f'href="/cases/{case.reference}/"' in page.content.decode()
    assert officer.get(f"/cases/{case.reference}/").status_code == 200  # the case behind the line
    assert officer.get(reverse("invoice_download", args=[mine.pk, "pdf"]))["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(target_type="billing.Invoice", target_id=str(mine.pk), action="view").exists()
    for path in (reverse("invoice_detail", args=[other.pk]), reverse("invoice_download", args=[other.pk, "csv"]),
                 reverse("invoice_detail", args=[draft.pk]), reverse("invoice_issue", args=[draft.pk]),
                 reverse("invoice_line_add", args=[draft.pk]), reverse("invoice_credit", args=[mine.pk]),
                 reverse("contract_detail", args=[other.contract_id])):
        assert {officer.get(path).status_code, officer.post(path).status_code} <= {404, 405}, path
    assert officer.get(reverse("contract_detail", args=[mine.contract_id])).status_code == 200  # positive control


def test_people_who_bill_nothing_find_no_page_here(books):
    firm, ours, theirs, mine, other, draft = books
    nobody = [person(Role.MEDIATOR, firm.org), person(Role.FAMILY_MEMBER), person(Role.SCHOOL_REPRESENTATIVE),
              person(Role.ADVOCATE), world.provider().officer]  # the last: another provider's case officer
    for user in nobody:
        browser = client_of(user)
        for path in (reverse("invoice_detail", args=[mine.pk]), reverse("invoice_detail", args=[draft.pk]),
                     reverse("contract_detail", args=[mine.contract_id])):
            assert browser.get(path).status_code == 404, (user, path)
    for user in nobody[:4]:
        assert client_of(user).get(reverse("invoice_list")).status_code == 404
    listed = client_of(nobody[4]).get(reverse("invoice_list")).content.decode()
    assert mine.number not in listed and "No invoice has been issued yet." in listed


def test_a_case_officer_reviews_adjusts_adds_and_issues_a_draft_through_the_pages(books, smtp_sink):
    firm, ours, theirs, mine, other, draft = books
    officer = client_of(firm.officer)
    listed = officer.get(reverse("invoice_list")).content.decode()
    assert "Drafts waiting for review" in listed and f"/billing/invoices/{draft.pk}/" in listed
    line = draft.lines.get(code="MEDIATION_CASE")
    path = reverse("invoice_line_adjust", args=[draft.pk, line.pk])
    refused = officer.post(path, {"quantity": "1", "unit_price": "two hundred", "reason": ""})
    assert refused.status_code == 400 and "Enter an amount in pounds" in refused.content.decode()
    assert "Say why the line is being changed" in refused.content.decode()
    assert officer.post(path, {"quantity": "1", "unit_price": "275", "reason": "Short meeting"}).status_code == 302
    line.refresh_from_db()
    assert line.unit_price == Decimal("275.00") and line.reason == "Short meeting"
    today = timezone.localdate()
    added = officer.post(reverse("invoice_line_add", args=[draft.pk]), {
        "description": "Venue hire at cost", "case_reference": "", "on_0": today.day, "on_1": today.month,
        "on_2": today.year, "quantity": "1", "unit_price": "45.00", "reason": "Room booked for the meeting"})
    assert added.status_code == 302
    assert officer.get(reverse("invoice_credit", args=[mine.pk])).status_code == 404  # service managers only
    issued = officer.post(reverse("invoice_issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert issued.url == reverse("invoice_detail", args=[draft.pk]) and draft.number == "INV-000003"
    page = officer.get(issued.url).content.decode()
    assert "Invoice INV-000003 issued and e-mailed" in page and "Issue the invoice" not in page
    assert draft.total == Decimal("384.00")  # (275 + 45) + 20% VAT


def test_a_service_manager_reverses_an_invoice_with_a_credit_note_through_the_page(books):
    firm, ours, theirs, mine, other, draft = books
    manager = client_of(firm.manager)
    path = reverse("invoice_credit", args=[mine.pk])
    refused = manager.post(path, {"reason": "Wrong purchase order"})
    assert refused.status_code == 400 and "Confirm that a credit note will be issued" in refused.content.decode()
    done = manager.post(path, {"reason": "Wrong purchase order", "confirm": "on"})
    credit = Invoice.objects.get(kind="credit_note")
    assert done.url == reverse("invoice_detail", args=[credit.pk]) and credit.total == -mine.total
    assert "Reversed by" in manager.get(reverse("invoice_detail", args=[mine.pk])).content.decode()
    assert manager.get(path).status_code == 404, "an invoice is reversed once"


def test_drafts_wait_on_the_provider_s_case_workers_home_page_with_their_age(books):
    firm, ours, theirs, mine, other, draft = books
    home = client_of(firm.officer).get(reverse("home")).content.decode()
    assert "Draft invoice to review" in home and f"/billing/invoices/{draft.pk}/" in home
    for user in (person(Role.LA_OFFICER, ours), person(Role.MEDIATOR, firm.org)):
        assert "Draft invoice to review" not in client_of(user).get(reverse("home")).content.decode()


def test_the_monthly_run_drafts_each_contract_once_from_the_first_of_the_month(settings):
    settings.INVOICE_DRAFT_DAY, settings.INVOICE_DRAFT_HOUR = 1, 6
    firm = world.provider()
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    today = timezone.localdate()
    deal = world.contract(firm.org, la, starts_on=today - timedelta(days=400))
    month = month_before(today)
    world.meeting(world.case(la), month.first, firm.officer)
    first_of_month = today.replace(day=1)

    def at(hour: int) -> datetime:
        return datetime.combine(first_of_month, time(hour), tzinfo=LONDON)

    assert invoices_draft_monthly(now=at(5)) is None and not InvoiceRun.objects.exists()
    with mock.patch("django.utils.timezone.now", return_value=at(6)):  # the clock held for the run
        run = invoices_draft_monthly()
    assert (run.month, run.drafted) == (month.key, 1)
    draft = Invoice.objects.get(contract=deal)
    assert (draft.period_start, draft.period_end, draft.drafted_by) == (month.first, month.last, None)
    assert invoices_draft_monthly(now=at(7)) is None, "once a month"
    assert AuditEvent.objects.filter(target_type="billing.InvoiceRun", summary__contains="1 contract").count() == 1
