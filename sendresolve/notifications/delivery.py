"""Delivering the outbox: a worker claims due messages in batches for a lease (`claims.py`), sends them over one
connection to the mail server with their attachments (issued documents fetched by reference), and records each
result as it goes; failures are retried with back-off, then given up. ADR 4 and ADR 15."""

from __future__ import annotations

import base64
import contextlib
import logging
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from sendresolve.notifications.bounces import bounce_address
from sendresolve.notifications.claims import Claim, outbox_claim, outbox_release
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


def _email(message: OutboundEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": message.message_id}
    envelope_sender = settings.DEFAULT_FROM_EMAIL
    if settings.BOUNCE_ADDRESS and message.bounce_token:
        # VERP: the envelope sender (where reports of failure go) is the message's own bounce address; the From
        # header people see and reply to stays the service's.
        envelope_sender, headers["From"] = bounce_address(message.bounce_token), settings.DEFAULT_FROM_EMAIL
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=envelope_sender,
        to=[message.to],
        headers=headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(*_attachment(attachment))
    return email


class _Unreachable(Exception):
    """The mail server could not be reached at all: nothing more can be sent for now."""


class _Mailer:
    """The default mailer's connection: opened when first needed, kept for the next message and the next batch,
    and opened afresh after it drops."""

    def __init__(self) -> None:
        self.connection = None

    def send(self, email: EmailMultiAlternatives) -> str:
        """Sends one message; returns what the server answered, when the backend says (SmtpEmailBackend)."""
        if self.connection is None:
            connection = mailers.default
            try:
                connection.open()
            except Exception as error:
                raise _Unreachable() from error  # recorded as its cause: "ConnectionRefusedError: ..."
            self.connection = connection
        self.connection.send_messages([email])
        return getattr(self.connection, "last_reply", "")

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # it may be the dropped connection we are giving up on
                self.connection.close()
            self.connection = None

    def __enter__(self) -> _Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connection_lost(error: Exception) -> bool:
    """Whether the connection is gone (so the messages after this one were never tried), as opposed to the server
    refusing this one message (a bad address, a rejected attachment) over a connection still good for the next."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # "service not available, closing transmission channel"
    return isinstance(error, smtplib.SMTPServerDisconnected | _Unreachable) or (
        isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException))


def _record_sent(message: OutboundEmail, reply: str) -> None:
    # One row at a time, as soon as the server has it: a worker dying mid-batch repeats at most the message it was
    # sending, never the ones it had already sent. (A bounce report may have come back first: it stands.)
    OutboundEmail.objects.filter(pk=message.pk).exclude(status=OutboundEmail.Status.BOUNCED).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), server_reply=reply[:500], lease_until=None,
        last_error="")


def _record_failure(message: OutboundEmail, error: Exception) -> None:
    """Tries again later, with back-off, or gives up after MAX_ATTEMPTS."""
    if isinstance(error, _Unreachable):
        error = error.__cause__
    failed = message.attempts >= MAX_ATTEMPTS
    OutboundEmail.objects.filter(pk=message.pk).exclude(status=OutboundEmail.Status.BOUNCED).update(
        status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
        lease_until=None if failed else timezone.now() + timedelta(seconds=30 * 2 ** message.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log.warning("e-mail %s not sent (attempt %s): %s", message.message_id, message.attempts, error)


@dataclass
class _Batch:
    claimed: int = 0
    sent: int = 0
    released: int = 0
    unreachable: bool = False


def _send_claimed(claim: Claim, mailer: _Mailer, stop_at: datetime | None = None) -> _Batch:
    """Sends each claimed message in turn and records its result. Stops early, handing back the messages not yet
    started, when the connection drops or cannot be opened, when the lease runs low, at `stop_at`, or when the
    worker is stopped (the message being sent then keeps its lease: it may have reached the server)."""
    batch = _Batch(claimed=len(claim.messages))
    untried = list(claim.messages)
    try:
        while untried and not claim.ends_soon() and (stop_at is None or timezone.now() < stop_at):
            message = untried.pop(0)
            try:
                email = _email(message)
            except Exception as error:  # an attachment that cannot be fetched: this message's failure alone
                _record_failure(message, error)
                continue
            try:
                reply = mailer.send(email)
            except Exception as error:
                _record_failure(message, error)
                if _connection_lost(error):
                    mailer.close()
                    batch.unreachable = isinstance(error, _Unreachable)
                    break
                if not isinstance(error, smtplib.SMTPException):
                    # Not the server refusing this message (after which smtplib resets the session) but a fault
                    # part-way through it: the next message starts on a clean connection.
                    mailer.close()
                continue
            _record_sent(message, reply)
            batch.sent += 1
    finally:
        try:
            batch.released = outbox_release(claim=claim, messages=untried)
        except DatabaseError:  # the lease runs out and another worker sends them: delayed, not lost
            log.exception("could not hand back %s unsent e-mails; they wait for their lease", len(untried))
    return batch


def outbox_deliver_batch(*, limit: int | None = None) -> int:
    """Claims up to `limit` due messages (OUTBOX_BATCH_SIZE) and sends them over one connection. Returns how many
    it sent."""
    claim = outbox_claim(limit=limit or settings.OUTBOX_BATCH_SIZE)
    if not claim.messages:
        return 0
    with _Mailer() as mailer:
        return _send_claimed(claim, mailer).sent


def outbox_drain(*, seconds: float | None = None, batch_size: int | None = None,
                 on_backlog: Callable[[], None] | None = None) -> int:
    """Sends due messages batch after batch over one connection, until none is due, the mail server cannot be
    reached, or `seconds` (OUTBOX_DRAIN_SECONDS) have passed, so that a worker's other tasks (the sweep, which says
    it is alive, among them) get their turn. `on_backlog` is called after each full batch (more may be waiting:
    other workers can join in) and when time runs out (someone must carry on). Returns how many it sent."""
    limit = batch_size or settings.OUTBOX_BATCH_SIZE
    budget = settings.OUTBOX_DRAIN_SECONDS if seconds is None else seconds
    stop_at = timezone.now() + timedelta(seconds=budget)
    sent = 0
    with _Mailer() as mailer:
        while timezone.now() < stop_at:
            claim = outbox_claim(limit=limit)
            batch = _send_claimed(claim, mailer, stop_at)
            sent += batch.sent
            if batch.unreachable:
                return sent  # the server is down: the sweep tries again later, not a new task at once
            # A short batch that handed nothing back: nothing else is due. One that started nothing: it cannot
            # progress (out of time, or a lease too short to start a message in), so it ends rather than spins.
            # What a dropped connection handed back is claimed again, over a new one.
            if batch.released == batch.claimed or (batch.claimed < limit and not batch.released):
                break
            if on_backlog and batch.claimed == limit:
                on_backlog()
    if on_backlog and timezone.now() >= stop_at:
        on_backlog()
    return sent


def outbox_deliver(*, message_id: uuid.UUID | str) -> bool:
    """Claims and sends one message, if it is due. Returns whether this call sent it."""
    claim = outbox_claim(limit=1, message_id=message_id)
    if not claim.messages:
        return False
    with _Mailer() as mailer:
        return _send_claimed(claim, mailer).sent == 1


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
