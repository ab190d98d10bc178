from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from sendresolve.accounts.models import Membership, Organisation, User
from sendresolve.audit.services import audit_view


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "is_active", "last_login")
    search_fields = ("full_name", "email")
    list_filter = ("is_active", "memberships__role")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "full_name", "phone", "password")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        user = self.get_object(request, object_id)
        if user is not None and request.method == "GET":
            audit_view(actor=request.user, target=user, request=request, summary="Viewed user in admin")
        return response


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "code")
