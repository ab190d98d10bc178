"""Every change made in the Django admin, by any app's admin, is in the audit log too (not only in Django's own
LogEntry table, which an administrator can reach): additions, changes (a password set included) and deletions,
one row per object, with who, from where and what changed (never the values of a secret)."""

from __future__ import annotations

from django.contrib import admin

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record


class AuditedAdminMixin:
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit_record(actor=request.user, action=AuditEvent.Action.CREATE, target=obj, request=request,
                     summary=f"Added in the admin: {_message(entry)}")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit_record(actor=request.user, action=AuditEvent.Action.UPDATE, target=obj, request=request,
                     summary=f"Changed in the admin: {_message(entry)}")
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            audit_record(actor=request.user, action=AuditEvent.Action.DELETE, target=obj, request=request,
                         summary="Deleted in the admin")
        return entries


def _message(entry) -> str:
    entry = entry[0] if isinstance(entry, list) else entry
    return (entry.get_change_message() if entry is not None else "") or "no fields changed"


def audit_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Gives every registered ModelAdmin, ours and third parties', the audited log methods. Run once the
    registry is complete (the audit app's ready())."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, AuditedAdminMixin):
            model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
