"""Writing the audit log. Called inside the same transaction as the change it records."""

from __future__ import annotations

from django.db import models

from sendresolve.audit.models import AuditEvent
from sendresolve.core.clientip import client_ip


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    request=None,
    summary: str = "",
) -> AuditEvent:
    """Records that `actor` did `action` to `target` (a view of personal data counts)."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(actor.email if actor else ""),
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        summary=summary[:500],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        path=(request.path[:300] if request is not None else ""),
    )


def audit_view(*, actor, target: models.Model, request, summary: str = "") -> AuditEvent:
    """A read of personal data."""
    return audit_record(actor=actor, action=AuditEvent.Action.VIEW, target=target, request=request,
                        summary=summary or f"Viewed {target._meta.verbose_name}")


def audit_list_view(*, request, summary: str) -> AuditEvent:
    """A read of a list of personal data that is no one record (a work queue, a caseload, the audit log)."""
    return audit_record(actor=request.user, action=AuditEvent.Action.VIEW, request=request, summary=summary)
