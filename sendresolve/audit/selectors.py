from __future__ import annotations

from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from sendresolve.audit.models import AuditEvent


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


def audit_event_page(events: QuerySet[AuditEvent], page_number, per_page: int = 50) -> Page:
    return Paginator(events, per_page).get_page(page_number)


def audit_target_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct())
