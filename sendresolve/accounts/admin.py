from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm

from sendresolve.accounts.models import Membership, Organisation, User
from sendresolve.accounts.services import account_address_own, user_change_email
from sendresolve.audit.services import audit_view

# Authenticator secrets are nobody's to read, administrators' included (they are also encrypted at rest: see
# accounts.adapters.MFAAdapter); an account's address is changed on the person's page, through the audited
# service that keeps the address the service stands behind in step.
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


class UserForm(UserChangeForm):
    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another account already uses that e-mail address.")
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserForm
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

    def save_model(self, request, obj, form, change):
        new_email = obj.email
        if change and "email" in form.changed_data:
            obj.email = form.initial["email"]  # the other fields first; the address through its own service
            super().save_model(request, obj, form, change)
            user_change_email(acting_user=request.user, user=obj, email=new_email, request=request)
            obj.refresh_from_db(fields=["email"])
            return
        super().save_model(request, obj, form, change)
        if not change:
            account_address_own(user=obj)

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
