"""Statement numbers have no gaps and no repeats when two sessions accept at once on PostgreSQL: each acceptance
locks its series' counter row, so the second waits for the first (one series for the provider here, the case where
different mediators' acceptances meet)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sendresolve.fees import statements
from sendresolve.fees.models import Statement, StatementSequence
from tests.fees.conftest import make_fees

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 60  # seconds: a bound never reached when it works


def test_two_sessions_accepting_at_once_take_every_number_once(settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time and no row locks: the race cannot happen there")
    settings.FEE_STATEMENT_NUMBERING = "per_provider"
    monkeypatch.setattr(statements, "statement_document", lambda statement: None)  # the PDF is not what is tested
    waiting = []
    for _ in range(6):
        fees = make_fees()
        fees.agree()
        fees.record()
        statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator,
                                               month=fees.last_month)
        waiting.append((fees.mediator.user, statement))
    start, errors = threading.Barrier(2), []

    def accept(mine):
        try:
            start.wait(WAIT)
            for user, statement in mine:
                statements.statement_accept(acting_user=user, statement=statement, revision=statement.revision)
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    sessions = [threading.Thread(target=accept, args=(waiting[half::2],)) for half in (0, 1)]
    for session in sessions:
        session.start()
    for session in sessions:
        session.join(WAIT)
    assert not errors
    numbers = sorted(Statement.objects.values_list("number", flat=True))
    assert numbers == [f"SB-{n:04d}" for n in range(1, 7)]
    assert StatementSequence.objects.get(series="provider").last_number == 6
