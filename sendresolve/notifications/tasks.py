from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from sendresolve.notifications.services import outbox_deliver, outbox_due_for_retry, worker_heartbeat


@task(queue_name="email")
def deliver_email(message_id: str) -> bool:
    return outbox_deliver(message_id=message_id)


@task()
def worker_sweep(worker_id: str) -> int:
    """Hands messages of dead workers to live ones, records a heartbeat, and schedules itself again."""
    worker_heartbeat(worker_id=worker_id)
    due = outbox_due_for_retry()
    for message_id in due:
        deliver_email.enqueue(message_id)
    worker_sweep.using(run_after=timezone.now() + timedelta(seconds=settings.WORKER_SWEEP_SECONDS)).enqueue(worker_id)
    return len(due)
