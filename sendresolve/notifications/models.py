import base64
import secrets
import uuid

from django.db import models


def new_bounce_token() -> str:
    """160 random bits in lower-case base32 (32 characters): the part of a message's bounce address
    (`bounces+<token>@...`, VERP) that names it. Unguessable, so a bounce cannot be forged for a message one has not
    been sent, and lower case, because some mail servers lower-case the addresses they hand back."""
    return base64.b32encode(secrets.token_bytes(20)).decode().lower()


class OutboundEmail(models.Model):
    """One e-mail in the outbox. Written in the same transaction as the change that causes it; sent after."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        BOUNCED = "bounced", "Bounced"  # accepted by our mail server, then reported undeliverable (a DSN came back)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stable across retries: a message delivered twice carries the same Message-ID both times.
    message_id = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Text attachments (calendar invitations): [{"filename": ..., "content": ..., "mimetype": ...}].
    attachments = models.JSONField(default=list, blank=True)
    # What the message carries, when it carries an issued document ("certificate:MC-1234-5678"): lets the page of
    # that document say what was sent, to whom, and whether it was delivered.
    about = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # While SENDING: the worker's claim expires then, and another worker may take the message over.
    # While PENDING after a failure: the earliest time of the next attempt.
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the mail server accepted the message, and what it answered ("250 2.0.0 Ok: queued as 4Xk9"): the proof
    # that it left the service, and the queue id the mail server's own logs know it by.
    sent_at = models.DateTimeField(null=True, blank=True)
    server_reply = models.CharField(max_length=500, blank=True)
    # A notice the law requires (the LA's and the ICB's notice of a mediation request, a certificate): /healthz
    # answers 503 while one has failed or bounced and nobody has dealt with it, and its case page says so.
    statutory = models.BooleanField(default=False)
    # The record the message is about, as the app that sent it names it ("case:42"), and who it tells in words
    # ("The LA"): how a case page finds its notices without the outbox knowing what a case is.
    regarding = models.CharField(max_length=120, blank=True)
    addressee = models.CharField(max_length=120, blank=True)
    # The message's own bounce address is `bounces+<bounce_token>@<domain>` (BOUNCE_ADDRESS): a report that comes
    # back to it can mark this message and no other. Empty for messages sent before bounce addresses existed.
    bounce_token = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False,
                                    default=new_bounce_token)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_report = models.CharField(max_length=500, blank=True)  # the report's status and diagnostic code
    # Someone dealt with a message that failed or bounced (told the LA another way): it no longer needs attention.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "lease_until"], name="outbox_status_lease"),
            models.Index(fields=["about"], name="outbox_about", condition=~models.Q(about="")),
            # A worker's claim of the oldest due messages reads them in order and stops at its batch, however large
            # the backlog and however many messages were sent before.
            models.Index(fields=["created_at"], name="outbox_waiting",
                         condition=models.Q(status__in=["pending", "sending"])),
            # What needs someone's attention (failed or bounced, not yet dealt with), newest first, for the service
            # manager's page, the daily e-mail and /healthz: a few rows beside millions sent.
            models.Index(fields=["created_at", "id"], name="outbox_attention",
                         condition=models.Q(status__in=["failed", "bounced"], resolved_at__isnull=True)),
            models.Index(fields=["regarding"], name="outbox_statutory_regarding",
                         condition=models.Q(statutory=True)),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.get_status_display()})"


class WorkerHeartbeat(models.Model):
    """The last time each worker said it was alive (for /healthz)."""

    worker_id = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"


class FailureReport(models.Model):
    """The day's e-mail to the service managers listing messages that need attention: one row a day, written in the
    same transaction as the e-mail, so however many workers run the sweep it goes once."""

    day = models.DateField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    listed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Failure report of {self.day:%Y-%m-%d} ({self.listed} listed)"
