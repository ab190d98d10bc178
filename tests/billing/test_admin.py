"""Administrators record contracts and prices in the admin: its forms refuse what would make billing ambiguous or
rewrite an issued invoice's history, each with its reason, and every change is in the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.billing.admin import ContractForm
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.issuing import invoice_issue
from sendresolve.billing.models import Contract, PriceItem
from tests.billing import world
from tests.factories import organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def contract_data(provider, commissioner, **changes) -> dict:
    data = {"provider": provider.pk, "commissioner": commissioner.pk, "reference": "NCC-SEND-2026",
            "purchase_order": "PO-1", "starts_on": "2026-04-01", "ends_on": "2029-03-31", "ceiling": "",
            "vat_treatment": "standard", "vat_percent": "20.00", "payment_terms_days": "30",
            "finance_email": "ap@northshire.example", "cost_centre": "", "late_cancel_working_days": "2"}
    return {**data, **changes}


def test_a_contract_is_between_a_provider_and_an_la_or_icb_and_never_overlaps_another_of_the_same_body():
    firm = world.provider()
    la, school = organisation(OrganisationKind.LOCAL_AUTHORITY), organisation(OrganisationKind.SCHOOL)
    refused = ContractForm(contract_data(firm.org, school, ends_on="2026-03-01", vat_percent="120"))
    assert not refused.is_valid()
    assert "Select a valid choice" in str(refused.errors["commissioner"])  # only LAs and ICBs are offered
    assert "must end on or after the day it starts" in str(refused.errors["ends_on"])
    assert "from 0 to 100 per cent" in str(refused.errors["vat_percent"])
    world.contract(firm.org, la, starts_on=date(2025, 4, 1), ends_on=date(2026, 6, 30), reference="OLD")
    overlapping = ContractForm(contract_data(firm.org, la))
    assert not overlapping.is_valid()
    assert "already has contract OLD from 1 April 2025 to 30 June 2026" in str(overlapping.errors["__all__"])
    assert ContractForm(contract_data(firm.org, la, starts_on="2026-07-01")).is_valid()  # positive control


def test_through_the_admin_prices_may_not_overlap_and_a_price_an_issued_invoice_used_stays_as_it_was(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    firm = world.provider()
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    admin = signed_in_with_mfa(Client(), person(Role.ADMINISTRATOR, firm.org))
    today = timezone.localdate()
    contract = world.contract(firm.org, la, starts_on=today - timedelta(days=40), prices={"MEDIATION_CASE": "300"})
    world.meeting(world.case(la), today - timedelta(days=5), firm.officer)
    invoice_issue(acting_user=firm.officer, invoice=invoice_draft(acting_user=None, contract=contract, up_to=today))
    used = contract.prices.get()
    url = f"/admin/billing/contract/{contract.pk}/change/"

    def post(*prices, deleting=()):
        data = {key: ("" if value is None else str(value)) for key, value in contract_data(
            firm.org, la, reference=contract.reference, starts_on=contract.starts_on,
            ends_on=contract.ends_on).items()}
        data.update({"prices-TOTAL_FORMS": str(len(prices)), "prices-INITIAL_FORMS": "1",
                     "prices-MIN_NUM_FORMS": "0", "prices-MAX_NUM_FORMS": "1000"})
        for index, price in enumerate(prices):
            for name, value in price.items():
                data[f"prices-{index}-{name}"] = "" if value is None else str(value)
            data[f"prices-{index}-contract"] = contract.pk
            if index in deleting:
                data[f"prices-{index}-DELETE"] = "on"
        return admin.post(url, data)

    kept = {"id": used.pk, "code": "MEDIATION_CASE", "price": "300.00", "effective_from": used.effective_from}
    raised = post({**kept, "price": "320.00"})
    assert raised.status_code == 200 and "Issued invoices used this price (1 line(s)): it stays as it was" in (
        raised.content.decode())
    deleted = post(kept, deleting=(0,))
    assert "was used by issued invoices: it cannot be deleted" in deleted.content.decode()
    overlap = post(kept, {"code": "MEDIATION_CASE", "price": "320.00", "effective_from": today})
    assert "apply on the same days" in overlap.content.decode()
    assert PriceItem.objects.get().price == 300

    replaced = post({**kept, "effective_to": today - timedelta(days=1)},
                    {"code": "MEDIATION_CASE", "price": "320.00", "effective_from": today})
    assert replaced.status_code == 302, replaced.content.decode()[:3000]
    assert sorted(PriceItem.objects.values_list("price", flat=True)) == [300, 320]
    assert AuditEvent.objects.filter(target_type="billing.Contract", target_id=str(contract.pk),
                                     summary__startswith="Changed in the admin").exists()
    assert Contract.objects.count() == 1
