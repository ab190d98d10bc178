"""Delivering the outbox: a worker claims a message for a lease, sends it with its attachments (issued documents
fetched by reference), and records the result; failures are retried with back-off, then given up."""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from sendresolve.notifications.models import OutboundEmail, WorkerHeartbeat

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# name -> function(ref) -> (filename, content, mimetype). Apps above register theirs in ready().
ATTACHMENT_RESOLVERS: dict[str, Callable[[str], tuple[str, bytes, str]]] = {}


def _attachment(stored: dict) -> tuple[str, str | bytes, str]:
    if "resolver" in stored:
        return ATTACHMENT_RESOLVERS[stored["resolver"]](stored["ref"])
    content = base64.b64decode(stored["content"]) if stored.get("encoding") == "base64" else stored["content"]
    return stored["filename"], content, stored["mimetype"]



def outbox_deliver(*, message_id: uuid.UUID | str) -> bool:
    """Claims and sends one message. Returns whether this call sent it."""
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimable = Q(status=OutboundEmail.Status.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    claimable |= Q(status=OutboundEmail.Status.SENDING, lease_until__lte=now)
    claimed = OutboundEmail.objects.filter(claimable, pk=message_id).update(
        status=OutboundEmail.Status.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboundEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        for attachment in message.attachments:
            email.attach(*_attachment(attachment))
        email.send()
    except Exception as error:  # any transport failure: try again later, or give up after MAX_ATTEMPTS
        failed = message.attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=message.pk).update(
            status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
            lease_until=None if failed else timezone.now() + timedelta(seconds=30 * 2 ** message.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        log.warning("e-mail %s not sent (attempt %s): %s", message.message_id, message.attempts, error)
        return False
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return True


def outbox_due_for_retry() -> list[str]:
    """Messages whose worker died (lease expired) or whose retry time has come."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = OutboundEmail.objects.filter(
        Q(status=OutboundEmail.Status.SENDING, lease_until__lte=now)
        | Q(status=OutboundEmail.Status.PENDING, lease_until__lte=now)
        | Q(status=OutboundEmail.Status.PENDING, lease_until__isnull=True, created_at__lte=stale)
    )
    return [str(pk) for pk in due.values_list("pk", flat=True)[:1000]]


def worker_heartbeat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})
