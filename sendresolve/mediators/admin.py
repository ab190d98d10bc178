"""The register is kept by administrators in the admin; allocations only change through the services."""

from django.contrib import admin

from sendresolve.mediators.models import Exclusion, MediatorProfile


class ExclusionInline(admin.TabularInline):
    model = Exclusion
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(MediatorProfile)
class MediatorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "accreditation", "accredited_until", "capacity", "active")
    list_filter = ("active",)
    search_fields = ("user__full_name", "user__email", "accreditation_number")
    autocomplete_fields = ("user",)
    inlines = (ExclusionInline,)
