from django import forms
from django.contrib import admin

from sendresolve.cases.models import Case
from sendresolve.privacy.holds import case_is_held, legal_hold_lift, legal_hold_set
from sendresolve.privacy.models import LegalHold


class LegalHoldForm(forms.ModelForm):
    """A new hold names its case by the reference staff know it by; an existing one can only be lifted."""

    reference = forms.CharField(label="Case reference", required=False, max_length=20,
                                help_text="As it is on the case's page, for example SR-ABC234")

    class Meta:
        model = LegalHold
        fields = ("reason", "lift_reason")
        labels = {"reason": "Why the case's records must be kept",
                  "lift_reason": "Why the hold can be lifted (fill in to lift it)"}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            reference = (cleaned.get("reference") or "").strip()
            case = Case.objects.filter(reference__iexact=reference).first() if reference else None
            if case is None:
                self.add_error("reference", "Enter the reference of a case, as it is on the case's page.")
            elif case_is_held(case.pk):
                self.add_error("reference", f"Case {case.reference} is already under a legal hold.")
            else:
                self.instance.case = case
        elif not (cleaned.get("lift_reason") or "").strip():
            self.add_error("lift_reason", "Say why the hold can be lifted, for example 'Appeal decided'.")
        return cleaned


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """Setting and lifting go through the audited services (a timeline entry and an audit row each); a hold is
    never deleted, so who held a case and why stays on record."""

    form = LegalHoldForm
    list_display = ("case", "reason", "set_by", "set_at", "lifted_by", "lifted_at")
    list_filter = (("lifted_at", admin.EmptyFieldListFilter),)
    search_fields = ("case__reference", "reason")
    list_select_related = ("case", "set_by", "lifted_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("reference", "reason")
        if obj.is_active:
            return ("case", "reason", "set_by", "set_at", "lift_reason")
        return ("case", "reason", "set_by", "set_at", "lifted_by", "lifted_at", "lift_reason")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ("case", "reason", "set_by", "set_at", "lifted_by", "lifted_at")
        return readonly if obj.is_active else (*readonly, "lift_reason")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            saved = legal_hold_set(acting_user=request.user, case=obj.case, reason=obj.reason)
        else:
            saved = legal_hold_lift(acting_user=request.user, case=obj.case, reason=obj.lift_reason)
        obj.pk = saved.pk
        obj.refresh_from_db()
