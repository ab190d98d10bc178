import uuid

from django.db import models


class OutboundEmail(models.Model):
    """One e-mail in the outbox. Written in the same transaction as the change that causes it; sent after."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

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
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "lease_until"], name="outbox_status_lease"),
            models.Index(fields=["about"], name="outbox_about", condition=~models.Q(about="")),
            # A worker's claim of the oldest due messages reads them in order and stops at its batch, however large
            # the backlog and however many messages were sent before.
            models.Index(fields=["created_at"], name="outbox_waiting",
                         condition=models.Q(status__in=["pending", "sending"])),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.get_status_display()})"


class WorkerHeartbeat(models.Model):
    """The last time each worker said it was alive (for /healthz)."""

    worker_id = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"
