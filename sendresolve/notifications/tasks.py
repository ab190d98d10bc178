import logging
from datetime import timedelta

from django.conf import settings
from django.db import connections, router
from django.tasks import task, task_backends
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from sendresolve.notifications.delivery import outbox_drain, outbox_due_for_retry


@task(queue_name="email")
def deliver_email(message_id: str = "") -> int:
    """Sends the outbox's due messages in batches over one connection (ADR 15). (`message_id` stays: tasks
    enqueued before batches carry it; a drain sends whatever is due, that message among it.)"""
    return outbox_drain(on_backlog=delivery_continue)


def _waiting():
    """Delivery tasks queued and not yet started, when tasks are kept in the database (else None)."""
    if not isinstance(task_backends[deliver_email.backend], DatabaseBackend):
        return None
    return DBTaskResult.objects.ready().filter(task_path=deliver_email.module_path, backend_name=deliver_email.backend)


def delivery_enqueue(*, message_id: str) -> None:
    """Call in the transaction that wrote the message, after writing it: a delivery task will start after that
    transaction commits, and so send the message. A task already waiting is enough when it cannot start before
    then, which saves a task per message (each costs a worker several milliseconds even with nothing to send):
    on PostgreSQL this transaction locks it, and a worker's claim skips locked tasks; on SQLite the message's row,
    just written, holds the database until commit, so no worker can claim it. Otherwise, a task of its own."""
    waiting = _waiting()
    if waiting is not None:
        database = connections[router.db_for_write(DBTaskResult)]
        if database.features.has_select_for_update_skip_locked:
            if list(waiting.select_for_update(skip_locked=True).values_list("pk", flat=True)[:1]):
                return
        elif database.vendor == "sqlite" and waiting.exists():
            return
    deliver_email.enqueue(message_id)


def delivery_continue() -> None:
    """From a worker, when more is due than it is sending: makes sure a delivery task is waiting, for an idle worker
    to join in, or for this one to carry on with after its other tasks. (Any waiting task starts after now, so
    sees everything committed by now.)"""
    waiting = _waiting()
    if waiting is None or not waiting.exists():
        deliver_email.enqueue("")


log = logging.getLogger(__name__)


@task()
def worker_sweep(worker_id: str) -> int:
    """Hands messages of dead workers to live ones, runs the scheduled jobs (each idempotent: reminders,
    escalations) and schedules itself again. (Any worker may run it, so it records no heartbeat: `worker_id` names
    the worker that started the chain, not this one. Each worker records its own, `commands/worker.py`.)"""
    worker_sweep.using(run_after=timezone.now() + timedelta(seconds=settings.WORKER_SWEEP_SECONDS)).enqueue(worker_id)
    due = outbox_due_for_retry()
    if due:
        delivery_continue()  # one is enough: its drain asks for help while there is more than a batch
    for path in settings.SWEEP_JOBS:
        try:
            import_string(path)()
        except Exception:  # one failing job must not stop the others or the sweep itself
            log.exception("scheduled job %s failed", path)
    return len(due)
