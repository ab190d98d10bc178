"""A mediator on a case since two months ago, with a rate card: time can be recorded for last month and this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.clock.months import previous_month_start
from sendresolve.fees import cards, timekeeping
from sendresolve.fees.cards import CardRates
from sendresolve.fees.models import RateCard, TimeEntry
from sendresolve.fees.self_billing import self_billing_agree
from sendresolve.mediators.models import Allocation
from tests.factories import person
from tests.meetings.conftest import Ready, make_ready

RATES = CardRates(effective_from=date(2020, 1, 1), preparation_hourly=Decimal("40.00"),
              meeting_hourly=Decimal("60.00"), write_up_hourly=Decimal("45.00"), per_case=Decimal("150.00"),
              per_session=Decimal("25.00"), prep_included_minutes=60, late_cancel=Decimal("90.00"))


@dataclass
class Fees:
    ready: Ready
    admin: User
    manager: User
    card: RateCard
    last_month: date  # the first day of last month

    @property
    def mediator(self):
        return self.ready.mediator

    @property
    def case(self):
        return self.ready.case

    def record(self, activity: str = "prep_family", minutes: int = 45, day: date | None = None,
               note: str = "", user: User | None = None, case=None) -> TimeEntry:
        return timekeeping.time_entry_record(
            acting_user=user or self.mediator.user, case=case or self.case,
            details=timekeeping.TimeDetails(activity=activity, worked_on=day or self.last_month + timedelta(days=2),
                                            minutes=minutes, note=note))

    def agree(self, vat_number: str = ""):
        return self_billing_agree(acting_user=self.mediator.user, confirmed=True,
                                  typed_name=self.mediator.user.full_name, address="1 High Street\nNorthtown NT1 1AA",
                                  vat_number=vat_number)


def allocated_since(ready: Ready, days: int = 70) -> None:
    """Set-up: the mediator was allocated `days` ago (time can only be recorded from the allocation on)."""
    Allocation.objects.filter(case=ready.case).update(allocated_at=timezone.now() - timedelta(days=days))


def make_fees(ready: Ready | None = None) -> Fees:
    ready = ready or make_ready()
    allocated_since(ready)
    provider = ready.mediator.user.memberships.get().organisation
    admin = person(Role.ADMINISTRATOR, provider)
    manager = person(Role.SERVICE_MANAGER, provider)
    card = cards.rate_card_save(acting_user=admin, mediator=ready.mediator, rates=RATES)
    return Fees(ready, admin, manager, card, previous_month_start(timezone.localdate()))


@pytest.fixture
def fees(db) -> Fees:
    return make_fees()


@pytest.fixture
def stored_files(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    return tmp_path
