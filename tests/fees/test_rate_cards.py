"""Rate cards are kept by administrators in the admin, through the validated, audited service: a bad amount is an
error on its field and nothing is saved; a card an accepted statement used is read-only there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sendresolve.audit.models import AuditEvent
from sendresolve.fees import cards, statements
from sendresolve.fees.cards import CardRates
from sendresolve.fees.models import RateCard
from tests.factories import signed_in_with_mfa
from tests.fees.conftest import RATES

pytestmark = pytest.mark.django_db


def _form(fees, **changes) -> dict:
    values = {"mediator": fees.mediator.pk, "effective_from": "2027-04-01", "preparation_hourly": "42.00",
              "meeting_hourly": "60.00", "write_up_hourly": "45.00", "travel_rule": "not_paid",
              "travel_hourly": "0", "per_case": "150.00", "per_session": "0", "prep_included_minutes": "60",
              "late_cancel": "90.00"}
    return {**values, **changes}


def test_an_administrator_adds_a_card_in_the_admin_validated_and_audited(fees):
    admin = signed_in_with_mfa(Client(), fees.admin)
    refused = admin.post("/admin/fees/ratecard/add/", _form(fees, meeting_hourly="-5", per_case="0"))
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert "Enter an amount of £0.00 or more." in errors["meeting_hourly"]
    assert "Preparation can be included only in a case fee" in errors["prep_included_minutes"][0]
    assert RateCard.objects.count() == 1
    response = admin.post("/admin/fees/ratecard/add/", _form(fees))
    assert response.status_code == 302, response.content.decode()[:2000]
    card = RateCard.objects.get(effective_from="2027-04-01")
    assert card.preparation_hourly == Decimal("42.00") and card.created_by == fees.admin
    assert AuditEvent.objects.filter(actor=fees.admin, target_type="fees.RateCard", target_id=str(card.pk),
                                     summary__startswith="Added the rate card").exists()


def test_a_card_an_accepted_statement_used_is_read_only_in_the_admin(fees):
    fees.agree()
    fees.record()
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)
    statements.statement_accept(acting_user=fees.mediator.user, statement=statement, revision=statement.revision)
    admin = signed_in_with_mfa(Client(), fees.admin)
    assert admin.get(f"/admin/fees/ratecard/{fees.card.pk}/change/").status_code == 200  # to view
    assert admin.post(f"/admin/fees/ratecard/{fees.card.pk}/change/", _form(
        fees, effective_from="2020-01-01", per_case="1.00")).status_code == 403
    fees.card.refresh_from_db()
    assert fees.card.per_case == Decimal("150.00")
    assert admin.post(f"/admin/fees/ratecard/{fees.card.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RateCard.objects.filter(pk=fees.card.pk).exists()


def test_only_administrators_keep_rate_cards_and_a_second_card_on_the_same_day_is_refused(fees):
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        cards.rate_card_save(acting_user=fees.manager, mediator=fees.mediator,
                             rates=CardRates(**{**RATES.__dict__, "effective_from": fees.last_month}))
    with pytest.raises(ValidationError, match="already has a rate card from 1 January 2020"):
        cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator, rates=RATES)
    with pytest.raises(ValidationError, match="whole pence"):
        cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator,
                             rates=CardRates(**{**RATES.__dict__, "effective_from": fees.last_month,
                                            "per_case": Decimal("10.005")}))
    assert RateCard.objects.count() == 1
