"""Drafting an invoice from the billable events of a body's cases (money-and-reports.md B2): which events become
lines, at which price, for which body; never twice; the refusals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.lines import InvoiceRefused
from sendresolve.billing.models import BilledEvent, Invoice, PriceItem
from sendresolve.clock.billing_periods import month_before
from tests.billing import world
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    today = timezone.localdate()
    month = month_before(today)
    firm = world.provider()
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    deal = world.contract(firm.org, la, starts_on=month.first - timedelta(days=400),
                          meeting_prices=[("online", 180, "90.00"), ("", None, "140.00"), ("in_person", 240, "160.00")])
    return firm, la, deal, month


def codes(invoice: Invoice) -> list[tuple[str, str]]:
    return [(line.case_reference, line.code) for line in invoice.lines.order_by("position")]


def test_a_month_of_events_becomes_one_line_per_event_and_code_with_the_case_reference_never_the_name(setting):
    firm, la, deal, month = setting
    day = month.first + timedelta(days=3)
    mediation = world.case(la)
    first = world.meeting(mediation, day, firm.officer)
    second = world.meeting(mediation, day + timedelta(days=7), firm.officer, form="in_person", minutes=200)
    declined = world.case(la)
    world.certificate(declined, "declined", day, firm.officer)
    deemed = world.case(la)
    world.certificate(deemed, "unable_to_arrange", day + timedelta(days=1), firm.officer)
    cancelled = world.case(la)
    booked = world.meeting(cancelled, day + timedelta(days=10), firm.officer, status="cancelled")
    world.change(booked, party="la", changed_on=day + timedelta(days=9), by=firm.officer)
    dr = world.case(la, kind="dr", sections=())
    world.meeting(dr, day + timedelta(days=2), firm.officer, form="phone", minutes=90)

    draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)

    assert sorted(codes(draft)) == sorted([
        (mediation.reference, "MEDIATION_CASE"), (mediation.reference, "MEETING"),
        (mediation.reference, "MEDIATION_EXTRA_SESSION"), (mediation.reference, "MEETING"),
        (declined.reference, "ADVICE_CERT_ONLY"), (deemed.reference, "DEEMED_CERT"),
        (cancelled.reference, "LATE_CANCEL_LA"), (dr.reference, "DR_CASE"), (dr.reference, "MEETING")])
    meeting_prices = {line.event: line.unit_price for line in draft.lines.filter(code="MEETING")}
    assert meeting_prices == {f"meeting:{first.pk}": Decimal("90.00"),  # online, 3 hours: its own price
                              f"meeting:{second.pk}": Decimal("160.00"),  # in person, 200 minutes
                              f"meeting:{dr.meetings.get().pk}": Decimal("140.00")}  # phone: the any-form price
    assert draft.total == sum(line.total for line in draft.lines.all())
    assert draft.net == Decimal("1335.00") and draft.vat == Decimal("267.00")  # standard rate, 20%
    assert not any("Sam" in line.description for line in draft.lines.all())


def test_drafting_again_adds_only_what_happened_since(setting):
    firm, la, deal, month = setting
    mediation = world.case(la)
    world.meeting(mediation, month.first, firm.officer)
    draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)
    assert draft.lines.count() == 2 and BilledEvent.objects.count() == 2

    assert invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last) == draft
    assert draft.lines.count() == 2, "replaying the same events adds no line"

    world.meeting(mediation, month.last, firm.officer, form="in_person", minutes=240)
    invoice_draft(acting_user=None, contract=deal, up_to=month.last)
    assert sorted(code for _, code in codes(draft)) == ["MEDIATION_CASE", "MEDIATION_EXTRA_SESSION", "MEETING",
                                                         "MEETING"]
    assert Invoice.objects.filter(contract=deal).count() == 1, "one draft per contract"


def test_cancellations_are_billed_only_for_parties_the_price_list_names_and_never_the_provider_s(setting):
    firm, la, deal, month = setting
    day = month.first + timedelta(days=14)
    charged = {}
    for party in ("la", "family", "provider", "mediator"):
        booked = world.meeting(world.case(la), day, firm.officer, status="cancelled")
        charged[party] = world.change(booked, party=party, changed_on=day - timedelta(days=1), by=firm.officer)
    on_time = world.meeting(world.case(la), day, firm.officer, status="cancelled")
    world.change(on_time, party="la", changed_on=day - timedelta(days=21), by=firm.officer)  # weeks of notice
    no_show = world.meeting(world.case(la), day, firm.officer, status="cancelled")
    world.change(no_show, party="la", changed_on=day, by=firm.officer, hour=11)  # after its 10am start

    draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)

    assert sorted((line.code, line.event) for line in draft.lines.all()) == sorted([
        ("LATE_CANCEL_LA", f"change:{charged['la'].pk}"), ("NO_SHOW_LA", f"change:{no_show.changes.get().pk}")])
    PriceItem.objects.create(contract=deal, code="LATE_CANCEL_FAMILY", price=Decimal("60.00"),
                             effective_from=deal.starts_on)
    invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)
    assert draft.lines.filter(code="LATE_CANCEL_FAMILY", event=f"change:{charged['family'].pk}").exists()
    assert not draft.lines.filter(event__in=[f"change:{charged['provider'].pk}",
                                             f"change:{charged['mediator'].pk}"]).exists()


def test_each_event_takes_the_price_effective_on_its_date(setting):
    firm, la, deal, month = setting
    old = deal.prices.get(code="MEDIATION_CASE")
    old.effective_to = month.first + timedelta(days=9)
    old.save()
    PriceItem.objects.create(contract=deal, code="MEDIATION_CASE", price=Decimal("325.00"),
                             effective_from=month.first + timedelta(days=10))
    before, after = world.case(la), world.case(la)
    world.meeting(before, month.first + timedelta(days=9), firm.officer)
    world.meeting(after, month.first + timedelta(days=10), firm.officer)

    draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)

    prices = {line.case_reference: line.unit_price for line in draft.lines.filter(code="MEDIATION_CASE")}
    assert prices == {before.reference: Decimal("300.00"), after.reference: Decimal("325.00")}


def test_health_only_mediation_is_billed_to_the_icb_and_the_rest_to_the_la(setting):
    firm, la, deal, month = setting
    icb = organisation(OrganisationKind.ICB)
    la.icb = icb
    la.save()
    icb_deal = world.contract(firm.org, icb, starts_on=deal.starts_on)
    health = world.case(la, sections=("C", "G"))
    mixed = world.case(la, sections=("F", "G"))
    for each in (health, mixed):
        world.meeting(each, month.first, firm.officer)

    la_draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)
    icb_draft = invoice_draft(acting_user=firm.officer, contract=icb_deal, up_to=month.last)

    assert {ref for ref, _ in codes(la_draft)} == {mixed.reference}
    assert {ref for ref, _ in codes(icb_draft)} == {health.reference}


def test_the_body_s_approved_expenses_go_on_at_cost_without_vat_and_come_off_if_no_longer_approved(setting):
    firm, la, deal, month = setting
    mediation = world.case(la)
    line = world.approved_expense(mediation, la, amount="12.40", decided_on=month.first, by=firm.officer)

    draft = invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)

    expense = draft.lines.get(code="EXPENSES")
    assert (expense.case_reference, expense.unit_price, expense.vat, expense.expense_line_ids) == (
        mediation.reference, Decimal("12.40"), Decimal("0.00"), [line.pk])
    line.claim.status = "review_requested"
    line.claim.save()
    invoice_draft(acting_user=firm.officer, contract=deal, up_to=month.last)
    assert not draft.lines.filter(code="EXPENSES").exists()
    draft.refresh_from_db()
    assert draft.total == Decimal("0.00")


def test_drafting_is_refused_to_anyone_but_the_provider_s_case_workers_and_for_days_to_come(setting):
    firm, la, deal, month = setting
    world.meeting(world.case(la), month.first, firm.officer)
    for outsider in (person(Role.MEDIATOR, firm.org), person(Role.LA_OFFICER, la), world.provider().officer):
        with pytest.raises(InvoiceRefused, match="Only the mediation service's case officers and service managers"):
            invoice_draft(acting_user=outsider, contract=deal, up_to=month.last)
    with pytest.raises(InvoiceRefused, match="days that have not happened yet"):
        invoice_draft(acting_user=firm.officer, contract=deal, up_to=timezone.localdate() + timedelta(days=1))
    assert not Invoice.objects.exists()
    assert invoice_draft(acting_user=firm.manager, contract=deal, up_to=month.last).lines.count() == 2
