"""What an operator may do with a message that needs attention: send it again, or record that it was dealt with
another way. These change the outbox alone; the services that people call (`portal.outbox`) check who is asking
and write the audit row in the same transaction."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.tasks import delivery_enqueue


class OutboxRefused(Exception):
    """A change to a message that may not be made, with the reason in plain words."""


def _locked(message_id: uuid.UUID | str) -> OutboundEmail:
    try:
        message = OutboundEmail.objects.select_for_update().filter(pk=message_id).first()
    except (ValidationError, ValueError) as error:  # not a UUID at all
        raise OutboxRefused("There is no such message") from error
    if message is None:
        raise OutboxRefused("There is no such message")
    return message


def retry_refusal(message: OutboundEmail) -> str | None:
    """Why this message may not be sent again now, or None when it may."""
    if message.status == OutboundEmail.Status.SENT:
        return "The mail server accepted this message already: it is not sent again"
    if message.status == OutboundEmail.Status.BOUNCED:
        return ("This address bounced: sent again, it would bounce again. Tell them another way, then record "
                "that it was dealt with")
    if message.status == OutboundEmail.Status.SENDING and message.lease_until and message.lease_until > timezone.now():
        return "A worker is sending this message now"
    return None


def outbox_message_retry(*, message_id: uuid.UUID | str) -> OutboundEmail:
    """Sends a failed or stuck message again, as soon as a worker can: its tries start again from none (so it gets
    the usual eight, with the usual back-off), and whatever was recorded about dealing with it is cleared. Raises
    OutboxRefused, changing nothing, for a message that was sent, bounced or is being sent right now."""
    with transaction.atomic():
        message = _locked(message_id)
        reason = retry_refusal(message)
        if reason:
            raise OutboxRefused(reason)
        message.status, message.attempts, message.lease_until = OutboundEmail.Status.PENDING, 0, timezone.now()
        message.resolved_at, message.resolution = None, ""
        message.save(update_fields=["status", "attempts", "lease_until", "resolved_at", "resolution"])
        delivery_enqueue(message_id=str(message.pk))
    return message


def outbox_message_resolve(*, message_id: uuid.UUID | str, resolution: str) -> OutboundEmail:
    """Records how a failed or bounced message was dealt with ("Phoned the LA on 3 March and sent the notice by
    post"): it no longer needs attention, and /healthz no longer counts it. Raises OutboxRefused, changing nothing,
    without a note or for a message that did not fail."""
    resolution = " ".join(resolution.split())
    if not resolution:
        raise OutboxRefused("Say what was done instead")
    if len(resolution) > 500:
        raise OutboxRefused("Say what was done instead in 500 characters or fewer")
    with transaction.atomic():
        message = _locked(message_id)
        if message.status not in (OutboundEmail.Status.FAILED, OutboundEmail.Status.BOUNCED):
            raise OutboxRefused("Only a message that failed or bounced can be recorded as dealt with")
        if message.resolved_at is not None:
            raise OutboxRefused("This message was recorded as dealt with already")
        message.resolved_at, message.resolution = timezone.now(), resolution
        message.save(update_fields=["resolved_at", "resolution"])
    return message
