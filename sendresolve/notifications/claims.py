"""Claiming outbox messages for a lease (ADR 15). A claim marks messages SENDING until `lease_until` and counts an
attempt for each, in one transaction: a worker that dies holding them costs each one attempt, and after the lease
another worker takes them over. Nothing else may send a message while someone else's lease on it runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F, Q
from django.utils import timezone

from sendresolve.notifications.models import OutboundEmail


@dataclass(frozen=True)
class Claim:
    messages: list[OutboundEmail]  # oldest first, each already SENDING with its attempt counted
    lease_until: datetime

    def ends_soon(self) -> bool:
        """Whether a message started now might still be sending when the lease runs out and another worker takes
        it over: past half the lease, the batch stops and hands back what it has not started."""
        return timezone.now() >= self.lease_until - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS / 2)


def _due(now: datetime) -> Q:
    """Waiting and its retry time has come, or being sent by a worker whose lease ran out (it died)."""
    waiting = Q(status=OutboundEmail.Status.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    return waiting | Q(status=OutboundEmail.Status.SENDING, lease_until__lte=now)


def outbox_claim(*, limit: int, message_id: uuid.UUID | str | None = None) -> Claim:
    """Claims up to `limit` due messages, oldest first (or the one message named, if it is due)."""
    now = timezone.now()
    lease_until = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = OutboundEmail.objects.filter(_due(now)).order_by("created_at")
    if message_id is not None:
        due = due.filter(pk=message_id)
    claimed = {"status": OutboundEmail.Status.SENDING, "lease_until": lease_until, "attempts": F("attempts") + 1}
    database = router.db_for_write(OutboundEmail)
    if connections[database].features.has_select_for_update_skip_locked:
        # PostgreSQL: rows another worker is claiming right now are skipped, not waited for, so workers side by
        # side take disjoint batches without queueing behind each other's transactions.
        with transaction.atomic(using=database):
            messages = list(due.select_for_update(skip_locked=True)[:limit])
            OutboundEmail.objects.filter(pk__in=[message.pk for message in messages]).update(**claimed)
        for message in messages:
            message.status, message.lease_until, message.attempts = claimed["status"], lease_until, message.attempts + 1
        return Claim(messages, lease_until)
    # SQLite (the embedded service) has no row locks: it runs one writer at a time, so a conditional UPDATE of each
    # candidate claims it only if it is still due, and a row another worker took in between is simply not ours.
    # If every candidate went to another worker in between, look again: an empty claim must mean nothing is due.
    while candidates := list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic(using=database):
            mine = [pk for pk in candidates if OutboundEmail.objects.filter(_due(now), pk=pk).update(**claimed)]
            messages = list(OutboundEmail.objects.filter(pk__in=mine).order_by("created_at"))
        if messages:
            return Claim(messages, lease_until)
    return Claim([], lease_until)


def outbox_release(*, claim: Claim, messages: list[OutboundEmail]) -> int:
    """Hands back claimed messages that were never tried: due again at once (the sweep finds them too, should no
    task be coming), their attempt not counted. Only rows still held under this claim's lease are touched (after it
    runs out they may be another worker's)."""
    if not messages:
        return 0
    return OutboundEmail.objects.filter(
        pk__in=[message.pk for message in messages], status=OutboundEmail.Status.SENDING, lease_until=claim.lease_until
    ).update(status=OutboundEmail.Status.PENDING, lease_until=timezone.now(), attempts=F("attempts") - 1)
