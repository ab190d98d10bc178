from django.contrib import admin

from sendresolve.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, even for administrators."""

    list_display = ("at", "actor_label", "action", "target_type", "target_label", "ip_address")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_label", "summary")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
