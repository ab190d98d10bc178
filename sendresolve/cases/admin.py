from django.contrib import admin

from sendresolve.cases.holidays import holiday_override_remove, holiday_override_set
from sendresolve.cases.models import HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """Changes go through the audited services, which move every stored deadline the day touches."""

    list_display = ("day", "kind", "reason", "created_by", "created_at")
    fields = ("day", "kind", "reason")

    def get_readonly_fields(self, request, obj=None):
        return ("day",) if obj is not None else ()  # another day is another override: remove this one instead

    def save_model(self, request, obj, form, change):
        saved = holiday_override_set(acting_user=request.user, day=obj.day, kind=obj.kind, reason=obj.reason)
        obj.pk, obj.created_by_id = saved.pk, saved.created_by_id

    def delete_model(self, request, obj):
        holiday_override_remove(acting_user=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            holiday_override_remove(acting_user=request.user, override=obj)
