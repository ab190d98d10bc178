"""Two workers run the sweep at the same moment on the day's first report: one e-mail goes, not two (ADR 18)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from django.db import connection, connections, transaction

from sendresolve.accounts.roles import Role
from sendresolve.notifications.models import FailureReport, OutboundEmail
from sendresolve.notifications.reports import failures_report_send
from sendresolve.notifications.services import email_enqueue
from tests.factories import person

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def test_two_workers_sending_the_day_s_report_at_once_send_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the second sweep's write waits for the first to commit and "
                    "then fails on the same unique row, with no row lock to watch for here")
    manager = person(Role.SERVICE_MANAGER)
    failed = email_enqueue(to="gone@example.test", subject="Gone", body_text="...")
    OutboundEmail.objects.filter(pk=failed.pk).update(status=OutboundEmail.Status.FAILED, attempts=8)
    first_written, let_first_commit, results = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = failures_report_send(recipients=[manager.email], today=NOW.date(), now=NOW)
                first_written.set()
                assert let_first_commit.wait(60)
        finally:
            connections.close_all()

    def second():
        try:
            results["second"] = failures_report_send(recipients=[manager.email], today=NOW.date(), now=NOW)
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_written.wait(60)  # its row and e-mail are written, not yet committed
    two = threading.Thread(target=second)
    two.start()
    deadline = time.monotonic() + 60  # a bound never reached when it works: the second waits on the day's row
    while not _waiting_on_a_lock():
        assert time.monotonic() < deadline, "the second sweep never waited on the first's row"
        assert two.is_alive(), "the second sweep finished without waiting on the first's row"
    let_first_commit.set()
    one.join(60)
    two.join(60)
    assert results == {"first": 1, "second": 0}
    assert FailureReport.objects.count() == 1
    assert OutboundEmail.objects.filter(to=manager.email).count() == 1
