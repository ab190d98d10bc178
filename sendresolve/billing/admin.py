"""Administrators record contracts and their price lists in the admin (audited by `audit.admin_audit`, like every
admin change). The forms refuse what would make billing ambiguous or rewrite history, each with the reason:

- a contract is between a provider and an LA or ICB, ends after it starts, and does not overlap another contract of
  the same body (one contract decides each event's price);
- a price is for meetings' form and length only when it is a meeting price; two prices for the same thing may not
  both apply on one day;
- a price an issued invoice used is history: its amount, what it is for and its start stay as they were (give it
  an end date and add the new price from the next day), and it cannot be deleted.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.choices import InvoiceStatus, PriceCode
from sendresolve.billing.models import COMMISSIONER_KINDS, Contract, Invoice, InvoiceLine, PriceItem

FROZEN_PRICE_FIELDS = ("code", "meeting_form", "up_to_minutes", "price", "effective_from")


def _issued_lines(price: PriceItem):
    return InvoiceLine.objects.filter(price_item=price, invoice__status=InvoiceStatus.ISSUED)


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ("provider", "commissioner", "reference", "purchase_order", "starts_on", "ends_on", "ceiling",
                  "vat_treatment", "vat_percent", "payment_terms_days", "finance_email", "cost_centre",
                  "late_cancel_working_days")

    def clean(self):
        cleaned = super().clean()
        provider, commissioner = cleaned.get("provider"), cleaned.get("commissioner")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if provider is not None and provider.kind != OrganisationKind.PROVIDER:
            self.add_error("provider", f"{provider} is not a mediation provider.")
        if commissioner is not None and commissioner.kind not in COMMISSIONER_KINDS:
            self.add_error("commissioner", f"{commissioner} is not a local authority or an ICB: only they "
                                           "commission mediation.")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The contract must end on or after the day it starts.")
        vat_percent = cleaned.get("vat_percent")
        if vat_percent is not None and not 0 <= vat_percent <= 100:
            self.add_error("vat_percent", "Enter a VAT rate from 0 to 100 per cent.")
        if commissioner is not None and starts_on and ends_on:
            overlapping = Contract.objects.filter(commissioner=commissioner, starts_on__lte=ends_on,
                                                  ends_on__gte=starts_on).exclude(pk=self.instance.pk).first()
            if overlapping is not None:
                raise ValidationError(f"{commissioner} already has contract {overlapping.reference} from "
                                      f"{overlapping.starts_on:%-d %B %Y} to {overlapping.ends_on:%-d %B %Y}: end "
                                      "it before this one starts, so each event has one price.")
        if self.instance.pk and Invoice.objects.filter(contract=self.instance).exists():
            for name in ("provider", "commissioner"):
                if name in self.changed_data:
                    self.add_error(name, "Invoices have been drafted or issued under this contract: who it is "
                                         "between cannot change. Record a new contract instead.")
        return cleaned


class PriceItemForm(forms.ModelForm):
    class Meta:
        model = PriceItem
        fields = ("code", "label", "meeting_form", "up_to_minutes", "price", "effective_from", "effective_to")

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if code and code != PriceCode.MEETING and (cleaned.get("meeting_form") or cleaned.get("up_to_minutes")):
            raise ValidationError("Only a meeting price is for a form or a length of meeting: leave those empty.")
        if cleaned.get("up_to_minutes") == 0:
            self.add_error("up_to_minutes", "A meeting lasts more than 0 minutes.")
        price = cleaned.get("price")
        if price is not None and price < 0:
            self.add_error("price", "A price cannot be below nothing: add a discount to a draft invoice instead.")
        starts, ends = cleaned.get("effective_from"), cleaned.get("effective_to")
        if starts and ends and ends < starts:
            self.add_error("effective_to", "The last day must be on or after the first.")
        if self.instance.pk:
            used = _issued_lines(self.instance)
            if used.exists():
                changed = [name for name in FROZEN_PRICE_FIELDS if name in self.changed_data]
                if changed:
                    raise ValidationError(
                        f"Issued invoices used this price ({used.count()} line(s)): it stays as it was. To change "
                        "it, give it a last day and add the new price from the day after.")
                last_used = used.order_by("-on").values_list("on", flat=True).first()
                if ends and last_used and ends < last_used:
                    self.add_error("effective_to", f"An issued invoice used this price on {last_used:%-d %B %Y}: "
                                                   "its last day cannot be before that.")
        return cleaned


class PriceItemFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None):
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk and _issued_lines(form.instance).exists():
                    raise ValidationError(f"“{form.instance}” was used by issued invoices: it cannot be deleted. "
                                          "Give it a last day instead.")
                continue
            kept.append(form.cleaned_data)
        contract = self.instance
        for index, one in enumerate(kept):
            if contract.starts_on and one.get("effective_from") and contract.ends_on and not (
                    contract.starts_on <= one["effective_from"] <= contract.ends_on):
                raise ValidationError(f"A price for {one['code']} starts on {one['effective_from']:%-d %B %Y}, "
                                      "outside the contract's dates.")
            for other in kept[index + 1:]:
                if _same_thing(one, other) and _overlap(one, other):
                    raise ValidationError(
                        f"Two prices for “{PriceCode(one['code']).label}” apply on the same days: give the earlier "
                        "one a last day before the later one starts.")


def _same_thing(one: dict, other: dict) -> bool:
    return all(one.get(name) == other.get(name) for name in ("code", "meeting_form", "up_to_minutes"))


def _overlap(one: dict, other: dict) -> bool:
    if not (one.get("effective_from") and other.get("effective_from")):
        return False
    one_ends, other_ends = one.get("effective_to"), other.get("effective_to")
    return ((one_ends is None or other["effective_from"] <= one_ends)
            and (other_ends is None or one["effective_from"] <= other_ends))


class PriceItemInline(admin.TabularInline):
    model = PriceItem
    form = PriceItemForm
    formset = PriceItemFormSet
    extra = 1


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    form = ContractForm
    inlines = [PriceItemInline]
    list_display = ("reference", "commissioner", "starts_on", "ends_on", "vat_treatment", "finance_email")
    list_filter = ("vat_treatment", "commissioner__kind")
    search_fields = ("reference", "purchase_order", "commissioner__name")
    list_select_related = ("commissioner",)

    def has_delete_permission(self, request, obj=None):
        return obj is None or not Invoice.objects.filter(contract=obj).exists()
