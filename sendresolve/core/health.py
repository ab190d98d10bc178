"""What /healthz reports: the database answers, how many workers were seen recently, and the outbox: messages that
failed or bounced, the age of the oldest one waiting, and whether a statutory notice was not delivered.

Each worker records a heartbeat (`WorkerHeartbeat`) when it starts and on every sweep. The service is healthy when
the database answers and at least one worker was seen within `worker_window()`; `workers_seen` says how many, so a
monitor (or the production smoke, `scripts/production-smoke.sh`) can tell when one of several workers has died while
the service as a whole still sends its e-mail. Worker names (host and process id) are not shown, nor any address:
the page is public. A statutory notice that failed or bounced, until someone retries it or records how it was dealt
with, makes the answer 503 too (`outbox`, `statutory_notices_undelivered`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from sendresolve.notifications.models import WorkerHeartbeat
from sendresolve.notifications.selectors import outbox_health


def worker_window() -> timedelta:
    """How recently a worker must have been seen to count as alive: four sweeps. A sweep is never queued behind
    e-mail (its task has a time to run after, theirs run as soon as possible and are taken after it), so missing
    four means the worker is gone, not busy. With the default 30-second sweep, two minutes."""
    return timedelta(seconds=settings.WORKER_SWEEP_SECONDS * 4)


def service_health() -> tuple[bool, dict]:
    checks: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # the check's whole point is to report any failure
        checks["database"] = f"error: {type(error).__name__}"
        return False, checks
    window = worker_window()
    now = timezone.now()
    # A statutory notice that failed or bounced and nobody has dealt with makes the service unhealthy on its own:
    # someone must tell the LA another way (ADR 18). For monitoring: not a load balancer's liveness check.
    checks.update(outbox_health(now))
    notices_ok = checks["statutory_notices_undelivered"] == 0
    checks["outbox"] = "ok" if notices_ok else "a statutory notice was not delivered"
    # One row per worker process ever started (old ones are kept): counted in the database, not loaded.
    seen = WorkerHeartbeat.objects.aggregate(
        newest=Max("seen_at"), recent=Count("pk", filter=Q(seen_at__gte=now - window)))
    if seen["newest"] is None:
        checks["worker"] = "never seen"
        return False, checks
    age = (now - seen["newest"]).total_seconds()
    checks["worker"] = "ok" if seen["recent"] else f"last seen {int(age)} seconds ago"
    checks["worker_seen_at"] = seen["newest"].isoformat()
    checks["workers_seen"] = seen["recent"]
    checks["workers_window_seconds"] = int(window.total_seconds())
    return seen["recent"] > 0 and notices_ok, checks
