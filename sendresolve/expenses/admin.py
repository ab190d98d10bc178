"""Administrators set each paying body's expenses policy in the admin. A change is a new version from a date,
through the audited service: claims already made keep the version they were made under."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from sendresolve.expenses.models import Category, ExpensePolicy
from sendresolve.expenses.policies import caps_of, expense_policy_set

POLICY_FIELDS = ("paying_body", "effective_from", "covers_dr", "eligible_roles", "categories", "mileage_rate",
                 "claim_cap", "claim_window_days", "decision_working_days", "payment_route",
                 "cancellation_covers_costs", "regulation_cited")


class _PolicyForm(forms.ModelForm):
    """The policy, with one optional cap per category (the most one claim is paid for it): `PolicyForm` below adds
    a field per category."""

    class Meta:
        model = ExpensePolicy
        fields = POLICY_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, amount in (caps_of(self.instance) if self.instance.pk else {}).items():
            self.fields[f"cap_{category}"].initial = amount

    def clean(self):
        data = super().clean()
        body, start = data.get("paying_body"), data.get("effective_from")
        if body and start and ExpensePolicy.objects.filter(paying_body=body, effective_from=start,
                                                           claims__isnull=False).exists():
            raise ValidationError("Claims were made under the version from this date: start a new version from a "
                                  "later date instead.")
        return data

    def caps(self) -> dict:
        return {value: self.cleaned_data[f"cap_{value}"] for value in Category.values
                if self.cleaned_data.get(f"cap_{value}") is not None}


CAP_FIELDS = {f"cap_{value}": forms.DecimalField(label=f"Cap per claim: {label}", required=False, max_digits=12,
                                                decimal_places=2, min_value=0) for value, label in Category.choices}
PolicyForm = type(_PolicyForm)("PolicyForm", (_PolicyForm,), {**CAP_FIELDS, "__module__": __name__})


@admin.register(ExpensePolicy)
class ExpensePolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    list_display = ("paying_body", "effective_from", "mileage_rate", "payment_route", "covers_dr")
    list_filter = ("payment_route", "covers_dr")
    search_fields = ("paying_body__name",)

    def get_fields(self, request, obj=None):
        return (*POLICY_FIELDS, *CAP_FIELDS)

    def has_delete_permission(self, request, obj=None):
        return False  # a version claims may point at stays; a new version replaces it from its date

    def save_model(self, request, obj, form, change):
        settings = {name: form.cleaned_data[name] for name in POLICY_FIELDS
                    if name not in ("paying_body", "effective_from")}
        try:
            saved = expense_policy_set(acting_user=request.user, paying_body=form.cleaned_data["paying_body"],
                                       effective_from=form.cleaned_data["effective_from"], caps=form.caps(),
                                       **settings)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
        obj.pk = saved.pk
