"""Reads of the outbox for the pages that show what was sent, the operator's page and /healthz."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from sendresolve.notifications.models import OutboundEmail


@dataclass(frozen=True)
class CaseDeliveries:
    """What a record's page shows about its e-mail: the messages that carried each document, and its statutory
    notices that failed or bounced (dealt with or not), oldest first."""

    about: dict[str, list[OutboundEmail]]
    undelivered_notices: list[OutboundEmail]


_SHOWN = ("to", "subject", "status", "sent_at", "created_at", "last_error", "attempts", "about", "statutory",
          "regarding", "addressee", "bounced_at", "bounce_report", "resolved_at", "resolution")
UNDELIVERED = (OutboundEmail.Status.FAILED, OutboundEmail.Status.BOUNCED)


def deliveries_and_notices(*, document_keys: Iterable[str], regarding: str = "") -> CaseDeliveries:
    """The messages that carried each document (by its attachment key, e.g. "certificate:MC-1234-5678"), and the
    statutory notices `regarding` one record that failed or bounced, oldest first, in one query whatever the number
    of either (none when there is nothing to look for)."""
    keys = [key for key in document_keys if key]
    wanted = Q(about__in=keys) if keys else Q()
    if regarding:
        wanted |= Q(statutory=True, regarding=regarding, status__in=UNDELIVERED)
    about: dict[str, list[OutboundEmail]] = defaultdict(list)
    notices = []
    if keys or regarding:
        for message in OutboundEmail.objects.filter(wanted).only(*_SHOWN).order_by("created_at"):
            if message.about in keys:
                about[message.about].append(message)
            if regarding and message.statutory and message.regarding == regarding and message.status in UNDELIVERED:
                notices.append(message)
    return CaseDeliveries(about, notices)


def outbox_attention() -> QuerySet[OutboundEmail]:
    """Messages that failed or bounced and nobody has dealt with yet (from the `outbox_attention` index)."""
    return OutboundEmail.objects.filter(status__in=UNDELIVERED, resolved_at__isnull=True)


def outbox_stuck(now: datetime) -> QuerySet[OutboundEmail]:
    """Messages still waiting to be sent OUTBOX_STUCK_SECONDS after they were written (from `outbox_waiting`)."""
    return OutboundEmail.objects.filter(
        status__in=(OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING),
        created_at__lt=now - timedelta(seconds=settings.OUTBOX_STUCK_SECONDS))


def outbox_health(now: datetime) -> dict:
    """What /healthz says about the outbox (counts only: the page is public). Two small queries, each from a
    partial index, however many messages were ever sent."""
    counts = outbox_attention().aggregate(
        failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
        bounced=Count("pk", filter=Q(status=OutboundEmail.Status.BOUNCED)),
        statutory=Count("pk", filter=Q(statutory=True)))
    oldest = (OutboundEmail.objects.filter(status__in=(OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING))
              .order_by("created_at").values_list("created_at", flat=True).first())
    return {
        "failed_messages": counts["failed"],
        "bounced_messages": counts["bounced"],
        "statutory_notices_undelivered": counts["statutory"],
        "oldest_unsent_age_s": max(0, int((now - oldest).total_seconds())) if oldest else 0,
    }
