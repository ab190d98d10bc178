"""Property tests (hypothesis) of the invoice's arithmetic, through the services and the database: whatever the
lines, an invoice's lines sum to its total; an issued invoice and its credit note net to zero, line by line; VAT is
charged per line, rounded half up, so the invoice's VAT is within half a penny a line of VAT on its net."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.issued import invoice_document
from sendresolve.billing.issuing import invoice_credit, invoice_issue
from sendresolve.billing.lines import invoice_line_add, line_money, totals_of
from sendresolve.billing.models import Invoice, InvoiceLine
from sendresolve.core.money import vat_on
from tests.billing import world
from tests.factories import organisation

pytestmark = pytest.mark.django_db

quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("40"), places=2, allow_nan=False)
prices = st.decimals(min_value=Decimal("-500"), max_value=Decimal("5000"), places=2, allow_nan=False)
rates = st.sampled_from([Decimal("20.00"), Decimal("17.50"), Decimal("5.00"), Decimal("0.00")])
lines = st.lists(st.tuples(quantities, prices), min_size=1, max_size=12)


class RollBack(Exception):
    """Ends an example's transaction: each example starts from the same database."""


@given(st.lists(st.tuples(quantities, prices, rates), max_size=40))
def test_lines_always_sum_to_the_total_and_a_credit_note_negates_them(drawn):
    rows = [InvoiceLine(quantity=quantity, unit_price=price, vat_percent=rate) for quantity, price, rate in drawn]
    for row in rows:
        money = line_money(row.quantity, row.unit_price, row.vat_percent)
        row.net, row.vat, row.total = money.net, money.vat, money.total
    total = totals_of(rows)
    assert total.total == sum((row.total for row in rows), Decimal("0")) == total.net + total.vat
    credit = totals_of([InvoiceLine(net=-row.net, vat=-row.vat, total=-row.total) for row in rows])
    assert credit.total + total.total == 0 and credit.net + total.net == 0 and credit.vat + total.vat == 0


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(drawn=lines, rate=rates)
def test_an_issued_invoice_s_lines_sum_to_its_total_and_its_credit_note_nets_it_to_zero(drawn, rate, db, settings,
                                                                                         tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    try:
        with transaction.atomic():
            firm = world.provider()
            la = organisation(OrganisationKind.LOCAL_AUTHORITY)
            deal = world.contract(firm.org, la, starts_on=date(2026, 1, 1), prices={})
            deal.vat_percent = rate
            deal.save()
            draft = Invoice.objects.create(provider=firm.org, contract=deal, commissioner=la,
                                           period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
            for quantity, price in drawn:
                invoice_line_add(acting_user=firm.officer, invoice=draft, description="Agreed item",
                                 on=date(2026, 1, 5), quantity=quantity, unit_price=price, reason="Agreed")
            draft.refresh_from_db()
            stored = list(draft.lines.all())
            assert draft.total == sum((line.total for line in stored), Decimal("0")) == draft.net + draft.vat
            assert abs(draft.vat - vat_on(draft.net, rate)) <= Decimal("0.005") * len(stored)
            if draft.total >= 0:
                issued = invoice_issue(acting_user=firm.officer, invoice=draft)
                rows = csv.reader(invoice_document(issued, "csv").content().decode().splitlines()[1:])
                csv_total = sum((Decimal(row[-1]) for row in rows), Decimal("0"))
                assert csv_total == issued.total
                credit = invoice_credit(acting_user=firm.manager, invoice=issued, reason="Test")
                assert credit.total + issued.total == 0 and credit.net + issued.net == 0
                assert [line.total for line in credit.lines.all()] == [-line.total for line in stored]
            raise RollBack
    except RollBack:
        pass
