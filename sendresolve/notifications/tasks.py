import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from sendresolve.notifications.delivery import outbox_deliver, outbox_due_for_retry, worker_heartbeat


@task(queue_name="email")
def deliver_email(message_id: str) -> bool:
    return outbox_deliver(message_id=message_id)


log = logging.getLogger(__name__)


@task()
def worker_sweep(worker_id: str) -> int:
    """Hands messages of dead workers to live ones, records a heartbeat, runs the scheduled jobs (each
    idempotent: reminders, escalations) and schedules itself again."""
    worker_sweep.using(run_after=timezone.now() + timedelta(seconds=settings.WORKER_SWEEP_SECONDS)).enqueue(worker_id)
    worker_heartbeat(worker_id=worker_id)
    due = outbox_due_for_retry()
    for message_id in due:
        deliver_email.enqueue(message_id)
    for path in settings.SWEEP_JOBS:
        try:
            import_string(path)()
        except Exception:  # one failing job must not stop the others or the sweep itself
            log.exception("scheduled job %s failed", path)
    return len(due)
