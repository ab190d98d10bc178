"""Each paying body's policy: the defaults until it sets its own, versions from a date set by an administrator in
the admin (audited, never over a version claims use), and the sentence the family reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.expenses.models import REGULATION_CITED, ExpensePolicy
from sendresolve.expenses.policies import DEFAULTS_FROM, expense_policy_set, policy_for, what_can_be_claimed
from tests.expenses.helpers import family_claim
from tests.factories import organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_a_body_with_no_policy_has_the_cited_defaults_written_only_when_a_claim_needs_them(held):
    shown = policy_for(held.la, date(2026, 1, 1))
    assert shown.pk is None and shown.mileage_rate == Decimal("0.45") and shown.claim_window_days == 90
    assert "s.56(1)(g)" in shown.regulation_cited and "not confirmed" in REGULATION_CITED
    assert not ExpensePolicy.objects.exists()
    claim = family_claim(held)
    assert claim.policy.pk and claim.policy.effective_from == DEFAULTS_FROM


def test_the_family_reads_who_pays_for_what_the_caps_and_the_deadline(db):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    text = what_can_be_claimed(policy_for(la, date(2026, 1, 1)))
    assert text == ("Northshire County Council pays reasonable travel and other costs of coming to the meeting: car "
                    "mileage at £0.45 a mile, bus, train or tram fares, a taxi if you had no other way to come, "
                    "parking and tolls, childcare or replacement care while you attend and your supporter's or "
                    "interpreter's travel. Claim on your case page within 90 days of the meeting, with your "
                    "receipts. Legal representatives' fees cannot be claimed.")
    expense_policy_set(acting_user=None, paying_body=la, effective_from=date(2025, 4, 1), categories=["mileage"],
                       mileage_rate=Decimal("0.40"), caps={"mileage": Decimal("20")}, claim_cap=Decimal("50"))
    assert what_can_be_claimed(policy_for(la, date(2026, 1, 1))).startswith(
        "Northshire County Council pays reasonable travel and other costs of coming to the meeting: car mileage at "
        "£0.40 a mile (at most £20.00 for travel by car and £50.00 in all).")
    assert what_can_be_claimed(policy_for(la, date(2026, 1, 1)), kind="dr") == ""
    with pytest.raises(ValidationError, match="has no expenses policy for 1 January 2025"):
        policy_for(la, date(2025, 1, 1))


def test_bad_settings_are_refused_and_change_nothing(db):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    with pytest.raises(ValidationError, match="Unknown expense category: legal_fees"):
        expense_policy_set(acting_user=None, paying_body=la, effective_from=date(2025, 1, 1),
                           categories=["mileage", "legal_fees"])
    with pytest.raises(ValidationError, match="mileage rate must be more than nothing"):
        expense_policy_set(acting_user=None, paying_body=la, effective_from=date(2025, 1, 1),
                           mileage_rate=Decimal("0"))
    assert not ExpensePolicy.objects.exists()
    expense_policy_set(acting_user=None, paying_body=la, effective_from=date(2025, 1, 1), categories=["mileage"])


def test_an_administrator_sets_a_version_in_the_admin_audited(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    admin = person(Role.ADMINISTRATOR)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    browser = signed_in_with_mfa(client, admin)
    response = browser.post("/admin/expenses/expensepolicy/add/", {
        "paying_body": la.pk, "effective_from": "2026-04-01", "eligible_roles": '["rights_holder"]',
        "categories": '["mileage", "parking"]', "mileage_rate": "0.40", "claim_window_days": "60",
        "decision_working_days": "10", "payment_route": "provider_pays_and_recharges",
        "cancellation_covers_costs": "on", "regulation_cited": REGULATION_CITED, "cap_parking": "15.00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = ExpensePolicy.objects.get(paying_body=la)
    assert (policy.mileage_rate, policy.caps.get().per_claim) == (Decimal("0.40"), Decimal("15.00"))
    assert AuditEvent.objects.filter(target_type="expenses.ExpensePolicy", actor=admin).exists()
