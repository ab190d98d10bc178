"""Mediators' rate cards, kept by administrators: every save goes through the audited, validated service
(`cards.rate_card_save`); a card is never deleted (statements point at it), and one an accepted statement used is
read-only (add a new card from a later date instead)."""

from dataclasses import fields

from django import forms
from django.contrib import admin

from sendresolve.fees.cards import CardRates, rate_card_problems, rate_card_save
from sendresolve.fees.models import RateCard, Statement, StatementLine

RATE_FIELDS = tuple(field.name for field in fields(CardRates))


class RateCardForm(forms.ModelForm):
    class Meta:
        model = RateCard
        fields = ("mediator", *RATE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for name, problem in rate_card_problems(CardRates(**{name: cleaned[name] for name in RATE_FIELDS})).items():
            self.add_error(name, problem)
        return cleaned


def _used(card: RateCard | None) -> bool:
    return card is not None and StatementLine.objects.filter(
        rate_card=card, statement__status=Statement.Status.ACCEPTED).exists()


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    form = RateCardForm
    list_display = ("mediator", "effective_from", "preparation_hourly", "meeting_hourly", "write_up_hourly",
                    "per_case", "per_session", "late_cancel")
    list_filter = ("mediator",)
    search_fields = ("mediator__user__full_name", "mediator__user__email")
    list_select_related = ("mediator__user",)
    autocomplete_fields = ("mediator",)

    def get_readonly_fields(self, request, obj=None):
        return ("mediator",) if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _used(obj)  # a used card is only viewed

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = rate_card_save(acting_user=request.user, mediator=obj.mediator,
                               rates=CardRates(**{name: form.cleaned_data[name] for name in RATE_FIELDS}),
                               card=obj if change else None)
        obj.pk = saved.pk
        obj.refresh_from_db()
