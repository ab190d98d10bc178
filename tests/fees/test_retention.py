"""Mediators' statements are kept 6 years after the end of the financial year they fall in, then deleted with their
lines, their time and their stored PDF; a rate card goes 6 years after a later one replaced it (the card in force
stays), a self-billing agreement 6 years after it ended."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from sendresolve.clock.billing_periods import financial_year_end
from sendresolve.clock.periods import add_months
from sendresolve.documents.models import StoredDocument
from sendresolve.fees import cards, statements
from sendresolve.fees.cards import CardRates
from sendresolve.fees.models import RateCard, SelfBillingAgreement, Statement, StatementLine, TimeEntry
from sendresolve.privacy.retention import retention_apply
from tests.fees.conftest import RATES
from tests.privacy.conftest import at

pytestmark = pytest.mark.django_db

SIX_YEARS = 12 * 6


def test_statements_their_time_and_pdf_go_six_years_after_their_financial_year_ends(
        fees, stored_files, django_capture_on_commit_callbacks):
    agreement = fees.agree()
    fees.record(note="Call with the SENCO")
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)
    statement = statements.statement_accept(acting_user=fees.mediator.user, statement=statement,
                                            revision=statement.revision)
    path = Path(StoredDocument.objects.get(key=f"fee-statement:{statement.pk}").file.path)
    ends = add_months(financial_year_end(statement.period_end), SIX_YEARS)

    retention_apply(now=at(ends - timedelta(days=1)))  # the period's last day: all kept
    assert Statement.objects.filter(pk=statement.pk).exists() and TimeEntry.objects.count() == 1 and path.exists()

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows' removal commits
        retention_apply(now=at(ends))
    assert not Statement.objects.exists() and not StatementLine.objects.exists() and not TimeEntry.objects.exists()
    assert not StoredDocument.objects.filter(key__startswith="fee-statement:").exists() and not path.exists()
    assert SelfBillingAgreement.objects.filter(pk=agreement.pk).exists()  # it ended later: kept longer
    retention_apply(now=at(add_months(agreement.ends_on, SIX_YEARS)))
    assert not SelfBillingAgreement.objects.exists()


def test_a_rate_card_goes_six_years_after_it_was_replaced_and_the_card_in_force_stays(fees):
    today = timezone.localdate()
    newer = cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator,
                                 rates=CardRates(**{**RATES.__dict__, "effective_from": today,
                                                "per_case": Decimal("160.00")}))
    retention_apply(now=at(add_months(today, SIX_YEARS) - timedelta(days=1)))
    assert RateCard.objects.count() == 2
    retention_apply(now=at(add_months(today, SIX_YEARS)))
    assert list(RateCard.objects.all()) == [newer]
