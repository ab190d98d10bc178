import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from sendresolve.notifications.delivery import outbox_drain, outbox_due_for_retry, worker_heartbeat


@task(queue_name="email")
def deliver_email(message_id: str) -> int:
    """Sends the outbox's due messages in batches over one connection, this one among them. Each message still
    gets a task of its own, enqueued with it, so none waits for a sweep; whichever task runs first sends the others
    too, and the rest find little left to do. (`message_id` stays: tasks enqueued before batches carry it.)"""
    return outbox_drain()


log = logging.getLogger(__name__)


@task()
def worker_sweep(worker_id: str) -> int:
    """Hands messages of dead workers to live ones, records a heartbeat, runs the scheduled jobs (each
    idempotent: reminders, escalations) and schedules itself again."""
    worker_sweep.using(run_after=timezone.now() + timedelta(seconds=settings.WORKER_SWEEP_SECONDS)).enqueue(worker_id)
    worker_heartbeat(worker_id=worker_id)
    due = outbox_due_for_retry()
    # One delivery task per batch's worth is enough (each one drains whatever is due), and lets several workers
    # share a large backlog.
    for message_id in due[:: settings.OUTBOX_BATCH_SIZE]:
        deliver_email.enqueue(message_id)
    for path in settings.SWEEP_JOBS:
        try:
            import_string(path)()
        except Exception:  # one failing job must not stop the others or the sweep itself
            log.exception("scheduled job %s failed", path)
    return len(due)
