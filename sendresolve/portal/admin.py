"""The outbox in the Django admin (administrators only, behind MFA: `accounts.middleware`): read-only, with a
retry action. Registered here rather than in notifications because it reads and acts through audited services
(`audit`, and `portal.outbox`), which the outbox may not import (ADR 12 and 18)."""

from __future__ import annotations

from django.contrib import admin, messages

from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_view
from sendresolve.core.refusals import REFUSALS, refusal_message
from sendresolve.notifications.models import OutboundEmail
from sendresolve.portal.outbox import email_retry, is_operator

_ALWAYS = ("message_id", "to", "subject", "status", "attempts", "last_error", "created_at", "lease_until",
           "sent_at", "server_reply", "statutory", "addressee", "regarding", "about", "bounced_at",
           "bounce_report", "resolved_at", "resolution", "attachment_names")
# What the message said is personal data (a child's name, a sign-in code): administrators alone see it.
_BODIES = ("body_text", "body_html")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "status", "attempts", "statutory", "sent_at", "bounced_at",
                    "short_error")
    list_filter = ("status", "statutory")
    search_fields = ("=to", "=message_id", "subject")
    ordering = ("-created_at",)
    show_full_result_count = False  # no second count of millions of sent messages
    actions = ["send_again"]

    def get_fields(self, request, obj=None):
        return _ALWAYS + (_BODIES if user_access(request.user).is_administrator else ())

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if user_access(request.user).is_administrator:
            return queryset
        return queryset.defer(*_BODIES)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_send_again_permission(self, request):
        return is_operator(request.user)

    @admin.display(description="last error")
    def short_error(self, message: OutboundEmail) -> str:
        error = message.bounce_report or message.last_error
        return error if len(error) <= 80 else f"{error[:79]}…"

    @admin.display(description="attachments")
    def attachment_names(self, message: OutboundEmail) -> str:
        return ", ".join(item.get("filename") or f"{item.get('resolver')}:{item.get('ref')}"
                         for item in message.attachments) or "none"

    @admin.action(description="Send the selected e-mails again", permissions=["send_again"])
    def send_again(self, request, queryset):
        again, refused = 0, []
        for message_id in queryset.values_list("pk", flat=True):
            try:
                email_retry(acting_user=request.user, message_id=message_id, request=request)
                again += 1
            except REFUSALS as error:
                refused.append(refusal_message(error))
        if again:
            self.message_user(request, f"{again} e-mail{'s' if again != 1 else ''} will be sent again.",
                              messages.SUCCESS)
        for reason in dict.fromkeys(refused):
            self.message_user(request, f"Not sent again: {reason}.", messages.WARNING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        message = self.get_object(request, object_id)
        if message is not None and request.method == "GET":
            audit_view(actor=request.user, target=message, request=request, summary="Viewed an e-mail in the admin")
        return response
