"""Billing's interface: the approved lines of claims the mediation service recharges, each once, described by
category, date and claim reference (never a child's name), and marked invoiced inside the caller's transaction."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.cases.models import CaseEvent
from sendresolve.expenses.decisions import expense_claim_decide, expense_claim_request_review
from sendresolve.expenses.invoicing import ApprovedExpense, approved_expenses_to_invoice, expenses_mark_invoiced
from sendresolve.expenses.models import ExpenseLine, PaymentRoute
from sendresolve.expenses.policies import expense_policy_set
from sendresolve.expenses.totals import LineDecision
from tests.expenses.helpers import family_claim
from tests.factories import person

pytestmark = pytest.mark.django_db


def _decided(held, *, route=PaymentRoute.PROVIDER_PAYS):
    expense_policy_set(acting_user=held.officer, paying_body=held.la, effective_from=date(2020, 1, 1),
                       payment_route=route)
    claim = family_claim(held)
    lines = {line.category: line for line in claim.lines.all()}
    decisions = {lines["mileage"].pk: LineDecision(lines["mileage"].pk, "approved"),
                 lines["parking"].pk: LineDecision(lines["parking"].pk, "part_approved", Decimal("3.00"), "2 hours")}
    return expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions=decisions), lines


def test_approved_recharged_lines_are_offered_once_each_without_the_childs_name(held):
    claim, lines = _decided(held)
    today = timezone.localdate()
    offered = approved_expenses_to_invoice(paying_body_id=held.la.pk, up_to=today)
    assert offered == [
        ApprovedExpense(lines["mileage"].pk, held.case.pk, held.case.reference, today,
                        f"Family's expenses: Travel by car, {lines['mileage'].incurred_on:%-d %B %Y} "
                        f"({claim.reference})", Decimal("5.63")),
        ApprovedExpense(lines["parking"].pk, held.case.pk, held.case.reference, today,
                        f"Family's expenses: Parking and tolls, {lines['parking'].incurred_on:%-d %B %Y} "
                        f"({claim.reference})", Decimal("3.00")),
    ]
    assert all(held.case.child_name.split()[0] not in item.description for item in offered)
    assert approved_expenses_to_invoice(paying_body_id=held.la.pk, up_to=today - timedelta(days=1)) == []
    with transaction.atomic():
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[item.line_id for item in offered],
                               invoice_number="INV-000123")
    assert approved_expenses_to_invoice(paying_body_id=held.la.pk, up_to=today) == []
    assert set(ExpenseLine.objects.values_list("invoice_number", flat=True)) == {"INV-000123"}
    assert CaseEvent.objects.get(type="expense_claim_invoiced").staff_only


def test_a_line_already_invoiced_or_paid_by_the_body_is_refused_and_nothing_changes(held):
    claim, lines = _decided(held)
    mileage_id, parking_id = lines["mileage"].pk, lines["parking"].pk
    expenses_mark_invoiced(acting_user=held.officer, line_ids=[mileage_id], invoice_number="INV-1")
    with pytest.raises(ValidationError, match=f"Expense line {mileage_id} is already on invoice INV-1"):
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[parking_id, mileage_id], invoice_number="INV-2")
    assert ExpenseLine.objects.get(pk=parking_id).invoice_number == ""  # checked before anything was written
    with pytest.raises(ValidationError, match="No such expense line: 999999"):
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[999999], invoice_number="INV-2")
    with pytest.raises(ValidationError, match="An invoice number is needed"):
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[parking_id], invoice_number=" ")
    expenses_mark_invoiced(acting_user=held.officer, line_ids=[parking_id], invoice_number="INV-2")


def test_claims_the_body_pays_itself_are_never_invoiced(held):
    claim, lines = _decided(held, route=PaymentRoute.LA_PAYS_FAMILY)
    assert approved_expenses_to_invoice(paying_body_id=held.la.pk, up_to=timezone.localdate()) == []
    with pytest.raises(ValidationError, match="paid to the family by the paying body itself"):
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[lines["mileage"].pk], invoice_number="INV-3")


def test_refused_lines_claims_under_review_and_other_bodies_claims_are_not_offered(held):
    claim, lines = _decided(held)
    other = person(Role.LA_OFFICER)
    assert approved_expenses_to_invoice(paying_body_id=other.memberships.get().organisation_id,
                                        up_to=timezone.localdate()) == []
    expense_claim_request_review(acting_user=held.parent, claim=claim, reason="Parking was 3 hours")
    assert approved_expenses_to_invoice(paying_body_id=held.la.pk, up_to=timezone.localdate()) == []
    with pytest.raises(ValidationError, match="is not approved .or its claim is being reviewed."):
        expenses_mark_invoiced(acting_user=held.officer, line_ids=[lines["mileage"].pk], invoice_number="INV-4")
