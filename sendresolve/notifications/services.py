"""The outbox: e-mail is enqueued with the change that causes it and delivered by a worker after commit
(`delivery.py`, run by the tasks in `tasks.py`; ADR 4 and ADR 15).

A message is never lost: its row commits with the change, and so does a delivery task to send it (its own, or a
waiting one it can be sure will start after the commit). A worker claims messages in batches, for a lease, before
sending; if the worker dies, the lease runs out and the sweep hands them to another worker. A message is sent twice
only if a worker dies after the SMTP server accepted it and before the row says so; both copies carry the same
Message-ID.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.tasks import delivery_enqueue


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


@dataclass(frozen=True)
class StatutoryNotice:
    """Marks a message as a notice the law requires: if it fails or bounces, /healthz answers 503 and the page of
    the record it is about (`regarding`, named by the app that sends it: "case:42") says who was not told."""

    regarding: str
    addressee: str  # who it tells, as a sentence starts: "The LA", "The ICB", "The family"


def email_enqueue(*, to: str, subject: str, body_text: str, body_html: str = "",
                  attachments: tuple[Attachment | DocumentAttachment, ...] = (),
                  notice: StatutoryNotice | None = None) -> OutboundEmail:
    """Puts a message in the outbox. Call inside the transaction of the change that causes it."""
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
            statutory=notice is not None,
            regarding=notice.regarding[:120] if notice else "",
            addressee=notice.addressee[:120] if notice else "",
        )
        delivery_enqueue(message_id=str(message.pk))  # after the row: see delivery_enqueue
    return message


def email_body(template: str, context: dict) -> str:
    """The text of an e-mail from `templates/emails/<template>.txt`, with the service's address to hand."""
    from django.template.loader import render_to_string

    return render_to_string(f"emails/{template}.txt", {"site_url": settings.SITE_URL, **context})


def email_from_template(to: str, subject: str, template: str, context: dict,
                        attachments: tuple[Attachment | DocumentAttachment, ...] = (), *,
                        notice: StatutoryNotice | None = None) -> OutboundEmail | None:
    """Puts a templated message in the outbox; nothing for an empty address (someone we have no e-mail for)."""
    if not to:
        return None
    return email_enqueue(to=to, subject=subject, body_text=email_body(template, context),
                         attachments=tuple(attachments), notice=notice)
