"""Forms of the expenses pages (GOV.UK patterns through crispy-forms-gds). They check the shape of what was typed;
the services decide what the policy allows."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from sendresolve.core.forms import GovDateField, TextField
from sendresolve.expenses.claims import DECLARATION, LineDetails
from sendresolve.expenses.models import Category
from sendresolve.expenses.totals import APPROVED, PART_APPROVED, REFUSED, LineDecision

MOST_PER_LINE = Decimal("9999.99")


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class MoneyInput(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Enter an amount in pounds and pence, for example 4.50")
        kwargs["error_messages"].setdefault("max_decimal_places", "Enter the amount to the penny, for example 4.50")
        super().__init__(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), max_value=MOST_PER_LINE,
                         **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip().lstrip("£").replace(",", "") if isinstance(value, str) else value)


class StartClaimForm(forms.Form):
    meeting = forms.TypedChoiceField(label="Which meeting are you claiming for?", coerce=int,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Choose the meeting you are claiming for"})
    claimant = forms.TypedChoiceField(label="Who is claiming?", coerce=int, widget=forms.RadioSelect,
                                      error_messages={"required": "Choose who is claiming"})

    def __init__(self, *args, meetings, claimants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meetings
        self.fields["claimant"].choices = claimants
        shown = [Field.radios("meeting")]
        if len(claimants) > 1:
            shown.append(Field.radios("claimant"))
        else:  # claiming for themselves: nothing to choose, but sent with the form
            self.fields["claimant"].widget = forms.HiddenInput()
            self.initial.setdefault("claimant", claimants[0][0] if claimants else None)
            shown.append(Field("claimant"))
        self.helper = _helper(*shown)


class LineForm(forms.Form):
    category = forms.ChoiceField(label="What did it cost you?", widget=forms.RadioSelect,
                                 error_messages={"required": "Choose what kind of cost this is"})
    incurred_on = GovDateField(label="Date", help_text="The day you paid, for example 14 3 2027",
                               require_all_fields=False)
    description = TextField(label="What it was for", max_length=300,
                            help_text="For example: parking at the venue, 3 hours",
                            error_messages={"required": "Say what the cost was for"})
    miles = forms.DecimalField(label="Miles there and back (car only)", required=False, max_digits=6,
                               decimal_places=1, min_value=Decimal("0.1"),
                               error_messages={"invalid": "Enter the miles as a number, for example 12.5"})
    from_place = TextField(label="From (a town or area, not your address; car only)", max_length=100,
                           required=False)
    to_place = TextField(label="To (car only)", max_length=100, required=False)
    amount = MoneyInput(label="Amount in pounds (not for car mileage, which is worked out for you)",
                        required=False)
    why_needed = TextField(label="Why you needed a taxi (taxi only)", max_length=300, required=False)
    receipt = forms.FileField(label="Photo or scan of the receipt: PDF, JPG or PNG (not needed for mileage)",
                              required=False)

    def __init__(self, *args, categories: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories
        self.helper = _helper(Field.radios("category"), Field("incurred_on"), Field.text("description"),
                              Field.text("miles", field_width=5), Field.text("from_place", field_width=20),
                              Field.text("to_place", field_width=20), Field.text("amount", field_width=5),
                              Field.text("why_needed"), Field("receipt"))

    def clean_incurred_on(self):
        day = self.cleaned_data["incurred_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return day

    def details(self) -> LineDetails:
        data = self.cleaned_data
        return LineDetails(category=data["category"], incurred_on=data["incurred_on"],
                           description=data["description"], amount=data.get("amount"), miles=data.get("miles"),
                           from_place=data.get("from_place", ""), to_place=data.get("to_place", ""),
                           why_needed=data.get("why_needed", ""))


class SubmitForm(forms.Form):
    confirmed = forms.BooleanField(label=DECLARATION, error_messages={"required": "Confirm the declaration"})
    typed_name = TextField(label="Your full name", max_length=200,
                           error_messages={"required": "Type your full name to sign the declaration"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("confirmed"), Field.text("typed_name", field_width=20))


DECISION_CHOICES = [(APPROVED, "Approve in full"), (PART_APPROVED, "Approve part"), (REFUSED, "Refuse")]


class LineDecisionForm(forms.Form):
    """One line's decision, prefixed with the line's id."""

    decision = forms.ChoiceField(choices=DECISION_CHOICES, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose approve, approve part or refuse"})
    approved_amount = MoneyInput(label="Amount approved, in pounds (for part approval)", required=False)
    reason = TextField(label="Reason (needed unless approved in full; the family will see it)", max_length=1000,
                       required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, prefix=f"line-{line.pk}", **kwargs)
        self.line = line
        self.fields["decision"].label = f"Your decision on {line.get_category_display().split(' (')[0].lower()}"
        self.helper = _helper(Field.radios("decision", legend_size=Size.SMALL),
                              Field.text("approved_amount", field_width=5), Field.textarea("reason", rows=2))

    def line_decision(self) -> LineDecision:
        data = self.cleaned_data
        return LineDecision(self.line.pk, data["decision"], data.get("approved_amount"), data.get("reason", ""))


class ReviewRequestForm(forms.Form):
    reason = TextField(label="Why should the decision be looked at again?", max_length=2000,
                       widget=forms.Textarea(attrs={"rows": 3}),
                       error_messages={"required": "Say why the decision should be looked at again"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3))


class PaymentForm(forms.Form):
    paid_on = GovDateField(label="Date paid", help_text="For example, 14 3 2027", require_all_fields=False)
    reference = TextField(label="Payment reference (optional)", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("paid_on"), Field.text("reference", field_width=20))


def category_choices(allowed: list[str]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Category.choices if value in allowed]
