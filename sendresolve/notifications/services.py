"""The outbox: e-mail is enqueued with the change that causes it and delivered by a worker after commit.

A message is never lost: its row and its delivery task commit with the change. A worker claims a message
for a lease before sending; if the worker dies, the lease runs out and the sweep hands the message to
another worker. It is sent twice only if a worker dies after the SMTP server accepted it and before the
row says so; both copies carry the same Message-ID.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sendresolve.notifications.models import OutboundEmail, WorkerHeartbeat

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str | bytes  # text (a calendar file) or bytes (a PDF), kept in the outbox row as base64
    mimetype: str

    def stored(self) -> dict:
        if isinstance(self.content, bytes):
            return {"filename": self.filename, "content": base64.b64encode(self.content).decode(),
                    "mimetype": self.mimetype, "encoding": "base64"}
        return {"filename": self.filename, "content": self.content, "mimetype": self.mimetype}


@dataclass(frozen=True)
class DocumentAttachment:
    """An issued document attached by reference: the outbox row names it, and the worker fetches the stored bytes
    when it sends (rendering them the first time, never under the sender's lock). Every copy of a document, in
    every e-mail and download, is the same bytes, and the outbox holds no copy of its own."""

    resolver: str  # registered in ATTACHMENT_RESOLVERS by the app that owns the document
    ref: str

    def stored(self) -> dict:
        return {"resolver": self.resolver, "ref": self.ref}

    @property
    def key(self) -> str:
        return f"{self.resolver}:{self.ref}"


# name -> function(ref) -> (filename, content, mimetype). Apps above register theirs in ready().
ATTACHMENT_RESOLVERS: dict[str, Callable[[str], tuple[str, bytes, str]]] = {}


def _attachment(stored: dict) -> tuple[str, str | bytes, str]:
    if "resolver" in stored:
        return ATTACHMENT_RESOLVERS[stored["resolver"]](stored["ref"])
    content = base64.b64decode(stored["content"]) if stored.get("encoding") == "base64" else stored["content"]
    return stored["filename"], content, stored["mimetype"]


def email_enqueue(*, to: str, subject: str, body_text: str, body_html: str = "",
                  attachments: tuple[Attachment | DocumentAttachment, ...] = ()) -> OutboundEmail:
    """Puts a message in the outbox. Call inside the transaction of the change that causes it."""
    from sendresolve.notifications.tasks import deliver_email

    with transaction.atomic():
        message_uuid = uuid.uuid4()
        message = OutboundEmail.objects.create(
            id=message_uuid,
            message_id=f"<{message_uuid}@{settings.MESSAGE_ID_DOMAIN}>",
            to=to,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            attachments=[attachment.stored() for attachment in attachments],
            about=next((a.key for a in attachments if isinstance(a, DocumentAttachment)), "")[:120],
        )
        deliver_email.enqueue(str(message.pk))
    return message


def email_body(template: str, context: dict) -> str:
    """The text of an e-mail from `templates/emails/<template>.txt`, with the service's address to hand."""
    from django.template.loader import render_to_string

    return render_to_string(f"emails/{template}.txt", {"site_url": settings.SITE_URL, **context})


def email_from_template(to: str, subject: str, template: str, context: dict,
                        attachments: tuple[Attachment | DocumentAttachment, ...] = ()) -> OutboundEmail | None:
    """Puts a templated message in the outbox; nothing for an empty address (someone we have no e-mail for)."""
    if not to:
        return None
    return email_enqueue(to=to, subject=subject, body_text=email_body(template, context),
                         attachments=tuple(attachments))


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
