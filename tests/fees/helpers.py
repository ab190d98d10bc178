"""Time and statements made through the services, for the fees tests and the URL access matrix."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.clock.months import previous_month_start
from sendresolve.fees import cards, statements, timekeeping
from sendresolve.fees.models import Statement, TimeEntry
from sendresolve.fees.self_billing import self_billing_agree
from tests.factories import person


def fees_for_the_matrix(ready) -> None:
    """The case's mediator with a rate card and a self-billing agreement: this month's statement accepted (its PDF
    stored), and last month's waiting for them to accept it (their allocation dated back, as set-up)."""
    from tests.fees.conftest import RATES, allocated_since

    provider = ready.mediator.user.memberships.get().organisation
    cards.rate_card_save(acting_user=person(Role.ADMINISTRATOR, provider), mediator=ready.mediator, rates=RATES)
    manager = person(Role.SERVICE_MANAGER, provider)
    user, today = ready.mediator.user, timezone.localdate()
    self_billing_agree(acting_user=user, confirmed=True, typed_name=user.full_name, address="1 High Street")
    allocated_since(ready)
    for day, month in ((today, today), (previous_month_start(today) + timedelta(days=3), previous_month_start(today))):
        timekeeping.time_entry_record(acting_user=user, case=ready.case, details=timekeeping.TimeDetails(
            activity="prep_family", worked_on=day, minutes=90))
        statement = statements.statement_draft(acting_user=manager, mediator=ready.mediator, month=month)
        if month == today:
            statements.statement_accept(acting_user=user, statement=statement, revision=statement.revision)


def matrix_time_entries(world) -> list[dict]:
    return [{"entry_id": entry.pk} for entry in TimeEntry.objects.filter(mediator=world.ready.mediator)]


def matrix_statements(world) -> list[dict]:
    return [{"statement_id": statement.pk} for statement in Statement.objects.filter(mediator=world.ready.mediator)]
