from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from sendresolve.audit.models import AuditEvent
from sendresolve.core.keyset import Ordering, Page, Source, read_page

# Newest first by id (ids only grow): the log has a row for every page anyone reads, so no page counts it or skips
# through it with OFFSET.
AUDIT_ORDER = Ordering(types=(int,), key_of=lambda event: (event.id,), descending=True)


def audit_event_list(
    *, actor_email: str = "", action: str = "", target_type: str = "", on_or_after: date | None = None,
    on_or_before: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if actor_email:
        events = events.filter(actor_label__iexact=actor_email.strip())
    if action:
        events = events.filter(action=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if on_or_after:
        events = events.filter(at__date__gte=on_or_after)
    if on_or_before:
        events = events.filter(at__date__lte=on_or_before)
    return events


def audit_event_page(events: QuerySet[AuditEvent], *, after: str = "", before: str = "", per_page: int = 50) -> Page:
    """A page of the log, newest first. Raises `BadCursor` for a "next" or "previous" no link would make."""
    return read_page([Source(events, ("id",))], AUDIT_ORDER, size=per_page, after=after, before=before)


def audit_target_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct())
