"""The daily run: the worker's sweep asks every 30 seconds, and the table is applied at most once a day (after the
quiet hour), whichever worker asks first; each run writes one audit entry with what it did, by model."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from sendresolve.audit.models import AuditEvent
from sendresolve.clock.retention import RetentionPeriod, RetentionUnit, retention_ends
from sendresolve.privacy.models import RetentionRun
from sendresolve.privacy.retention import retention_run_daily
from tests.privacy.conftest import at, closed_case, frozen

pytestmark = pytest.mark.django_db


def test_the_table_is_applied_once_a_day_after_the_quiet_hour_with_one_audit_entry(settings):
    settings.RETENTION_RUN_HOUR = 2
    today = timezone.localdate()
    closed_case(on=today)
    day = retention_ends(today, RetentionPeriod(6, RetentionUnit.YEARS))
    assert retention_run_daily(now=at(day, 1)) is None  # before the quiet hour: nothing, not even a claim
    assert not RetentionRun.objects.exists()

    with frozen(at(day, 2)):
        run = retention_run_daily()
    assert run.day == day and run.finished_at is not None
    assert run.counts["cases.Case"] == {"anonymised": 1}
    assert run.counts["cases.Participant"] == {"anonymised": 1}  # the family
    entry = AuditEvent.objects.get(action=AuditEvent.Action.DESTROY)
    assert entry.target_type == "privacy.RetentionRun" and entry.target_id == str(run.pk) and entry.actor is None
    assert entry.summary.startswith(f"Retention schedule run of {day.isoformat()}: ")
    assert "cases.Case anonymised 1" in entry.summary and "cases.Participant anonymised 1" in entry.summary

    assert retention_run_daily(now=at(day, 14)) is None  # the same day again: nothing
    with mock.patch.object(QuerySet, "exists", return_value=False):  # a second worker that read before the claim
        assert retention_run_daily(now=at(day, 14)) is None
    assert RetentionRun.objects.count() == 1 and AuditEvent.objects.filter(action="destroy").count() == 1

    with frozen(at(day + timedelta(days=1), 3)):  # the next day: a run, with nothing due
        quiet = retention_run_daily()
    assert quiet.counts == {} and AuditEvent.objects.get(target_id=str(quiet.pk)).summary.endswith("nothing was due")


def test_an_entry_that_fails_is_counted_in_the_run_and_the_others_still_run():
    from django.contrib.sessions.models import Session

    now = at(timezone.localdate(), 12)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=now - timedelta(hours=1))
    with mock.patch("sendresolve.privacy.retention.subject_apply", side_effect=RuntimeError("the disk refused")), \
            frozen(now):
        run = retention_run_daily()
    assert run.counts["cases.Case"] == {"failed": 1} and run.counts["accounts.User"] == {"failed": 1}
    assert run.counts["sessions.Session"] == {"deleted": 1} and not Session.objects.exists()
    assert "cases.Case failed 1" in AuditEvent.objects.get(target_id=str(run.pk)).summary
