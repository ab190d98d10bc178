"""Invoice numbers have no gaps and no repeats when two sessions issue at once on PostgreSQL: each issuing
transaction locks its provider's counter row, so the second waits for the first; a number taken by a transaction that
then fails goes back with it, and the waiting session gets that same number."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.issuing import invoice_issue
from sendresolve.billing.models import Invoice, InvoiceCounter
from tests.billing import world
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 60  # seconds: a bound never reached when it works


class RollBack(Exception):
    pass


def _drafts(count: int):
    """`count` drafts of one provider, each to its own LA, each with a line."""
    from sendresolve.billing.lines import invoice_line_add

    firm = world.provider()
    drafts = []
    for _ in range(count):
        la = organisation(OrganisationKind.LOCAL_AUTHORITY)
        deal = world.contract(firm.org, la, starts_on=date(2026, 1, 1), prices={})
        draft = Invoice.objects.create(provider=firm.org, contract=deal, commissioner=la,
                                       period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
        invoice_line_add(acting_user=firm.officer, invoice=draft, description="Mediation case", on=date(2026, 1, 5),
                         unit_price="300", reason="Test")
        drafts.append(draft)
    return firm, drafts


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
        return row is not None and row[0] == "Lock"


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time and no row locks: the race cannot happen there")


def _a_failed_issue_gives_its_number_to_the_session_that_waited(firm, first_draft, second_draft):
    holds_number, let_it_fail, second_pid, results = threading.Event(), threading.Event(), {}, {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = invoice_issue(acting_user=firm.officer, invoice=first_draft).number
                holds_number.set()
                assert let_it_fail.wait(WAIT)
                raise RollBack  # say the e-mail could not be written: nothing of the issue stays
        except RollBack:
            pass
        finally:
            connections.close_all()

    def second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid["pid"] = cursor.fetchone()[0]
            results["second"] = invoice_issue(acting_user=firm.officer, invoice=second_draft).number
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert holds_number.wait(WAIT)
    two = threading.Thread(target=second)
    two.start()
    deadline = time.monotonic() + WAIT
    while "pid" not in second_pid or not _waiting_on_a_lock(second_pid["pid"]):
        assert time.monotonic() < deadline, "the second session never waited on the counter"
        assert two.is_alive(), "the second session issued without waiting for the first"
    let_it_fail.set()
    one.join(WAIT)
    two.join(WAIT)
    assert results == {"first": "INV-000001", "second": "INV-000001"}
    first_draft.refresh_from_db()
    assert first_draft.is_draft and not first_draft.number
    assert InvoiceCounter.objects.get(provider=firm.org, kind="invoice").last == 1


def _two_sessions_at_once_take_every_number_once(firm, drafts):
    start, errors = threading.Barrier(2), []

    def issue(mine):
        try:
            start.wait(WAIT)
            for draft in mine:
                invoice_issue(acting_user=firm.officer, invoice=draft)
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    sessions = [threading.Thread(target=issue, args=(drafts[half::2],)) for half in (0, 1)]
    for session in sessions:
        session.start()
    for session in sessions:
        session.join(WAIT)
    assert not errors
    numbers = sorted(Invoice.objects.filter(provider=firm.org).exclude(sequence=None)
                     .values_list("sequence", flat=True))
    assert numbers == list(range(1, 14))  # the one the waiting session took, then twelve more
    assert InvoiceCounter.objects.get(provider=firm.org, kind="invoice").last == 13


def test_numbers_have_no_gaps_and_no_repeats_when_two_sessions_issue_at_once():
    _postgresql_only()
    firm, drafts = _drafts(14)
    _a_failed_issue_gives_its_number_to_the_session_that_waited(firm, drafts[0], drafts[1])
    _two_sessions_at_once_take_every_number_once(firm, drafts[2:])
    issued = Invoice.objects.filter(provider=firm.org, status="issued")
    assert sorted(issued.values_list("number", flat=True)) == [f"INV-{n:06d}" for n in range(1, 14)]
