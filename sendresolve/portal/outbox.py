"""The operator's side of the outbox (ADR 18): the service managers' page of messages that need attention, what they
may do there (send one again, record how one was dealt with), and their daily e-mail. It lives here, at the top,
because it joins who may do it (accounts) and what is written in the audit log (audit) with the outbox
(notifications), which may import neither."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import Membership
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.core.keyset import Ordering, Page, Source, read_page
from sendresolve.core.refusals import Refused
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.reports import failures_report_send
from sendresolve.notifications.retries import OutboxRefused, outbox_message_resolve, outbox_message_retry
from sendresolve.notifications.selectors import outbox_attention, outbox_stuck

OPERATORS = frozenset({Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
PAGE_SIZE = 25
_SHOWN = ("to", "subject", "status", "attempts", "last_error", "created_at", "sent_at", "statutory", "addressee",
          "bounced_at", "bounce_report", "lease_until")
NEWEST_FIRST = Ordering(types=(datetime, uuid.UUID), key_of=lambda message: (message.created_at, message.pk),
                        descending=True)


def is_operator(user) -> bool:
    return bool(user_access(user).roles & OPERATORS)


def _require_operator(user) -> None:
    if not is_operator(user):
        raise PermissionDenied("Only a service manager or an administrator may do this")


def messages_needing_attention(*, after: str = "", before: str = "", now: datetime | None = None) -> Page:
    """Failed and bounced messages nobody has dealt with, and messages still waiting long after they were written,
    newest first, a page at a time: each kind read from its own partial index. Raises BadCursor for a page
    marker no link would make."""
    sources = [Source(outbox_attention().only(*_SHOWN), ("created_at", "id")),
               Source(outbox_stuck(now or timezone.now()).only(*_SHOWN), ("created_at", "id"))]
    return read_page(sources, NEWEST_FIRST, size=PAGE_SIZE, after=after, before=before)


def message_needing_attention(message_id: str) -> OutboundEmail | None:
    """One failed or bounced message not yet dealt with (for the page that records how it was), or None."""
    try:
        return outbox_attention().filter(pk=uuid.UUID(str(message_id))).first()
    except ValueError:
        return None


def email_retry(*, acting_user, message_id: uuid.UUID | str, request=None) -> OutboundEmail:
    """A service manager (or an administrator) sends a failed or stuck message again; audited with it. Raises
    PermissionDenied for anyone else and Refused for a message that may not be sent again, changing nothing."""
    _require_operator(acting_user)
    try:
        with transaction.atomic():
            message = outbox_message_retry(message_id=message_id)
            audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=message, request=request,
                         summary="Asked for the e-mail to be sent again")
    except OutboxRefused as error:
        raise Refused(str(error)) from error
    return message


def email_mark_dealt_with(*, acting_user, message_id: uuid.UUID | str, resolution: str,
                          request=None) -> OutboundEmail:
    """A service manager (or an administrator) records how a failed or bounced message was dealt with instead;
    audited with it. Raises PermissionDenied for anyone else and Refused without a note or for a message that
    did not fail, changing nothing."""
    _require_operator(acting_user)
    try:
        with transaction.atomic():
            message = outbox_message_resolve(message_id=message_id, resolution=resolution)
            audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=message, request=request,
                         summary=f"Recorded how an undelivered e-mail was dealt with: {message.resolution}")
    except OutboxRefused as error:
        raise Refused(str(error)) from error
    return message


def service_manager_addresses() -> list[str]:
    return list(Membership.objects.filter(role=Role.SERVICE_MANAGER, user__is_active=True)
                .exclude(user__email="").values_list("user__email", flat=True).distinct())


def outbox_report_failures() -> int:
    """The sweep's job: once a day, from OUTBOX_REPORT_HOUR (England's time), the service managers get the list of
    messages that need attention, if any do. Idempotent: see `notifications.reports`."""
    now = timezone.now()
    if timezone.localtime(now).hour < settings.OUTBOX_REPORT_HOUR:
        return 0
    return failures_report_send(recipients=service_manager_addresses(), today=timezone.localdate(now), now=now)
