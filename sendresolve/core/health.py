"""What /healthz reports: the database answers and a worker was seen recently."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from sendresolve.notifications.models import WorkerHeartbeat


def service_health() -> tuple[bool, dict]:
    checks: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # the check's whole point is to report any failure
        checks["database"] = f"error: {type(error).__name__}"
        return False, checks
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    allowed = timedelta(seconds=settings.WORKER_SWEEP_SECONDS * 3 + 30)
    if newest is None:
        checks["worker"] = "never seen"
    else:
        age = (timezone.now() - newest).total_seconds()
        checks["worker"] = "ok" if age <= allowed.total_seconds() else f"last seen {int(age)} seconds ago"
        checks["worker_seen_at"] = newest.isoformat()
    return checks["worker"] == "ok", checks
