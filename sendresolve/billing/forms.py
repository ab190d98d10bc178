"""Forms of the invoice pages: adjust a line, add a line, reverse an invoice, draft now. Amounts are parsed by
`billing.lines` (pounds and pence as typed, never a float)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from sendresolve.billing.lines import parse_price, parse_quantity
from sendresolve.core.forms import GovDateField, TextField

REASON_HINT = "It is kept with the invoice and in the audit log. Never write a child's name."


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page has the <form> and its button
    helper.layout = Layout(*fields)
    return helper


class _MoneyForm(forms.Form):
    negative_allowed = False

    def clean_quantity(self):
        try:
            return parse_quantity(self.cleaned_data["quantity"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean_unit_price(self):
        try:
            return parse_price(self.cleaned_data["unit_price"], negative=self.negative_allowed)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error


class LineAdjustForm(_MoneyForm):
    quantity = forms.CharField(label="Quantity", max_length=12, error_messages={"required": "Enter the quantity"})
    unit_price = forms.CharField(label="Price for each, in pounds (before VAT)", max_length=16,
                                 help_text="For example, 350.00. Enter 0 to waive the line.",
                                 error_messages={"required": "Enter the price"})
    reason = TextField(label="Why is it being changed?", widget=forms.Textarea(attrs={"rows": 2}),
                       help_text=REASON_HINT, error_messages={"required": "Say why the line is being changed"})

    def __init__(self, *args, negative_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.negative_allowed = negative_allowed
        self.helper = _helper(Field.text("quantity", field_width=5), Field.text("unit_price", field_width=10),
                              Field.textarea("reason"))


class LineAddForm(_MoneyForm):
    negative_allowed = True
    description = TextField(label="What is the line for?", max_length=300,
                            help_text="For example, 'Interpreter at the meeting, at cost'. Never a child's name.",
                            error_messages={"required": "Say what the line is for"})
    case_reference = forms.CharField(label="Case reference (optional)", max_length=20, required=False,
                                     help_text="For example, MC-AB2C-D3EF")
    on = GovDateField(label="Date", help_text="For example, 14 1 2027", require_all_fields=False)
    quantity = forms.CharField(label="Quantity", max_length=12, initial="1",
                               error_messages={"required": "Enter the quantity"})
    unit_price = forms.CharField(label="Price for each, in pounds (before VAT)", max_length=16,
                                 help_text="For example, 85.00; a discount is negative, like -50.00",
                                 error_messages={"required": "Enter the price"})
    reason = TextField(label="Why is it being added?", widget=forms.Textarea(attrs={"rows": 2}),
                       help_text=REASON_HINT, error_messages={"required": "Say why the line is being added"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())
        self.fields["on"].error_messages["required"] = "Enter the date"
        self.helper = _helper(Field.text("description"), Field.text("case_reference", field_width=10),
                              Field("on"), Field.text("quantity", field_width=5),
                              Field.text("unit_price", field_width=10), Field.textarea("reason"))


class CreditForm(forms.Form):
    reason = TextField(label="Why is the invoice being reversed?", widget=forms.Textarea(attrs={"rows": 3}),
                       help_text="For example, 'Billed to the wrong authority'. " + REASON_HINT,
                       error_messages={"required": "Say why the invoice is being reversed"})
    confirm = forms.BooleanField(
        label="I understand a credit note for the whole invoice will be issued and e-mailed to the finance contact",
        error_messages={"required": "Confirm that a credit note will be issued"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), Field.checkbox("confirm"))
