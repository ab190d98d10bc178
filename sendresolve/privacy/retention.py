"""Applying the retention table (`retention_table.py`, ADR 19).

`retention_run_daily` is the worker sweep's job: the first sweep of each day (in England) after
`RETENTION_RUN_HOUR` claims the day, closes the
cases that have nothing left to do (`closing.py`), applies every entry, and writes one audit entry with the counts by
model. Two workers never both run it: the day is unique. Every entry is idempotent, so a run cut short is finished
by the next day's. Stored files go only once the rows that name them are gone (after the commit).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F
from django.utils import timezone

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.clock.retention import earliest_kept, gone_up_to
from sendresolve.privacy.models import RetentionRun
from sendresolve.privacy.retention_entries import ANONYMOUS_PERSON, DONE_WORDS, Action, RetentionEntry, Subject
from sendresolve.privacy.retention_subjects import active_hold_on, anonymous_person, start_of_day
from sendresolve.privacy.retention_table import SUBJECTS, TABLE

log = logging.getLogger(__name__)

BATCH = 500

Counts = dict[str, Counter]


def retention_run_daily(*, now: datetime | None = None) -> RetentionRun | None:
    """The sweep's job: at most once a day, whoever asks first. None when today's run is taken."""
    from sendresolve.privacy.closing import cases_close_finished

    now = now or timezone.now()
    day = timezone.localdate(now)
    if timezone.localtime(now).hour < settings.RETENTION_RUN_HOUR or RetentionRun.objects.filter(day=day).exists():
        return None
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(day=day, started_at=now)
    except IntegrityError:
        return None  # another worker claimed the day between the check and the insert
    counts: Counts = defaultdict(Counter)
    closed = cases_close_finished(today=day)
    if closed:
        counts["cases.Case"]["closed"] += closed
    retention_apply(now=now, counts=counts)
    with transaction.atomic():
        run.counts = {model: dict(done) for model, done in sorted(counts.items())}
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at"])
        audit_record(actor=None, action=AuditEvent.Action.DESTROY, target=run, summary=run_summary(run))
    return run


def run_summary(run: RetentionRun) -> str:
    done = "; ".join(f"{model} " + ", ".join(f"{word} {count}" for word, count in sorted(by_word.items()))
                     for model, by_word in run.counts.items())
    return f"Retention schedule run of {run.day.isoformat()}: {done or 'nothing was due'}"


def retention_apply(*, now: datetime, counts: Counts | None = None) -> Counts:
    """Applies every entry of the table as of `now`: first those with their own period, then each subject's."""
    counts = counts if counts is not None else defaultdict(Counter)
    for entry in TABLE:
        if entry.subject is None:
            with _carrying_on(counts, entry.model):
                done = entry_apply(entry, now=now)
                if done:
                    counts[entry.model][DONE_WORDS[entry.action]] += done
    for subject in SUBJECTS:
        with _carrying_on(counts, subject.model):
            subject_apply(subject, now=now, counts=counts)
    return counts


@contextmanager
def _carrying_on(counts: Counts, model: str) -> Iterator[None]:
    """One entry that fails (a file the disk refuses, a bug) must not stop the others: it is logged and counted as
    failed in the run's audit entry, and tried again the next day (what it did before failing is committed)."""
    try:
        yield
    except Exception:
        log.exception("retention: an entry for %s failed", model)
        counts[model]["failed"] += 1


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def due_rows(entry: RetentionEntry, *, now: datetime) -> models.QuerySet | None:
    """The rows of an own-period entry whose period has ended by `now` and that are still to do; None when the
    entry's period is empty (kept as long as what it belongs to)."""
    period = entry.period.value()
    if period is None:
        return None
    start = F(entry.start) if isinstance(entry.start, str) else entry.start
    rows = _model(entry.model)._default_manager.filter(entry.only).annotate(retention_start=start)
    if period.is_exact:
        rows = rows.filter(retention_start__lte=gone_up_to(now, period))
    else:
        kept_from = earliest_kept(timezone.localdate(now), period)
        is_moment = isinstance(rows.query.annotations["retention_start"].output_field, models.DateTimeField)
        rows = rows.filter(retention_start__lt=start_of_day(kept_from) if is_moment else kept_from)
    rows = _not_kept(entry, rows)
    done = _already_done(entry)
    return rows.exclude(**done) if done else rows


def _not_kept(entry: RetentionEntry, rows: models.QuerySet) -> models.QuerySet:
    if entry.case_path:
        rows = rows.exclude(active_hold_on(entry.case_path))
    if entry.keep is not None:
        rows = rows.exclude(entry.keep())
    return rows


def _already_done(entry: RetentionEntry) -> dict:
    """For an entry that clears fields: the plain values it writes, so rows already cleared are not counted again."""
    if entry.action not in (Action.CLEAR, Action.ANONYMISE):
        return {}
    return {name: value for name, value in entry.changes.items() if not hasattr(value, "resolve_expression")}


def entry_apply(entry: RetentionEntry, *, now: datetime) -> int:
    """Applies one own-period entry, in batches of its rows in key order (each batch one transaction)."""
    rows = due_rows(entry, now=now)
    if rows is None:
        return 0
    model, done, last = _model(entry.model), 0, None
    while True:
        batch = rows.order_by("pk") if last is None else rows.filter(pk__gt=last).order_by("pk")
        keys = list(batch.values_list("pk", flat=True)[:BATCH])
        if not keys:
            return done
        last = keys[-1]
        with transaction.atomic():
            done += apply_entry(entry, _not_kept(entry, model._default_manager.filter(pk__in=keys)))


def subject_apply(subject: Subject, *, now: datetime, counts: Counts) -> None:
    """Every subject due now, one transaction each: locked, checked again (a hold may have been set meanwhile),
    every entry that follows it applied in the table's order, then marked done."""
    period = subject.period.value()
    if period is None:
        return
    entries = [entry for entry in TABLE if entry.subject is subject and entry.action != Action.KEEP]
    model, last = _model(subject.model), 0
    while True:
        keys = list(subject.expired(now, period).filter(pk__gt=last).order_by("pk")
                    .values_list("pk", flat=True)[:BATCH])
        if not keys:
            return
        last = keys[-1]
        for key in keys:
            with transaction.atomic():
                locked = model._default_manager.select_for_update().filter(pk=key).first()
                if locked is None or not subject.expired(now, period).filter(pk=key).exists():
                    continue
                for entry in entries:
                    done = apply_entry(entry, subject_rows(entry, [key]))
                    if done:
                        counts[entry.model][DONE_WORDS[entry.action]] += done
                subject.finish(locked, now)


def subject_rows(entry: RetentionEntry, keys: list) -> models.QuerySet:
    if entry.select is not None:
        return entry.select(keys)
    return _model(entry.model)._default_manager.filter(**{f"{entry.path}__in" if entry.path else "pk__in": keys})


def apply_entry(entry: RetentionEntry, rows: models.QuerySet) -> int:
    """Deletes or changes `rows` as the entry says; their stored files go after the commit. Returns how many."""
    files = _stored_files(rows, entry.files)
    if entry.action == Action.DELETE:
        with _audit_retention_path(rows.db, open_it=rows.model is AuditEvent):
            _, by_model = rows.delete()
        done = by_model.get(rows.model._meta.label, 0)
    else:
        done = rows.update(**_resolved(entry.changes))
    if files:
        transaction.on_commit(lambda: _delete_files(files))
    return done


@contextmanager
def _audit_retention_path(alias: str, *, open_it: bool) -> Iterator[None]:
    """On PostgreSQL a trigger refuses to delete an audit row unless the transaction says the delete is the
    retention table's (privacy migration 0003): said for this one statement, and unsaid straight after, even
    inside a longer transaction."""
    connection = connections[alias]
    if not (open_it and connection.vendor == "postgresql"):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL sendresolve.retention_delete = 'on'")
        yield  # a failure rolls the transaction (or its savepoint) back, and the setting with it
        cursor.execute("SET LOCAL sendresolve.retention_delete = 'off'")


def _resolved(changes) -> dict:
    return {name: anonymous_person() if value is ANONYMOUS_PERSON else value for name, value in changes.items()}


def _stored_files(rows: models.QuerySet, fields: tuple[str, ...]) -> list[tuple[object, str]]:
    found = []
    for name in fields:
        storage = rows.model._meta.get_field(name).storage
        found += [(storage, path) for path in rows.exclude(**{name: ""}).values_list(name, flat=True) if path]
    return found


def _delete_files(files: list[tuple[object, str]]) -> None:
    for storage, path in files:
        try:
            storage.delete(path)
        except OSError:  # already gone, or the disk refuses: the row is gone either way; say so
            log.warning("retention: could not delete stored file %s", path)
