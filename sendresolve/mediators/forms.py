"""Forms of the mediator pages (GOV.UK patterns through crispy-forms-gds)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.utils import timezone

from sendresolve.core.forms import GovDateField, TextField

YES_NO = [("yes", "Yes"), ("no", "No")]


def session_choices() -> list[tuple[str, str]]:
    return [(f"{start}-{end}", f"{start} to {end}") for start, end in settings.MEETING_SESSIONS]


class DeclarationForm(forms.Form):
    knows_family = forms.ChoiceField(label="Do you know the family or the child?", choices=YES_NO,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Select yes if you know the family or the child"})
    has_link = forms.ChoiceField(
        label="Do you have any link with the local authority or any ICB on this case?", choices=YES_NO,
        widget=forms.RadioSelect, help_text="For example, you work or have worked for them, or sit on one of their "
                                            "panels.",
        error_messages={"required": "Select yes if you have a link with the local authority or an ICB"})
    details = TextField(label="If yes, what is it?", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("knows_family", inline=True, legend_size=Size.MEDIUM),
                                    Field.radios("has_link", inline=True, legend_size=Size.MEDIUM),
                                    Field.textarea("details"), Button("submit", "Send my declaration"))

    def clean(self):
        data = super().clean()
        conflict = data.get("knows_family") == "yes" or data.get("has_link") == "yes"
        if conflict and not (data.get("details") or "").strip():
            self.add_error("details", "Say what the conflict is")
        return data


class ObjectionForm(forms.Form):
    reason = TextField(label="Why do you object to this mediator?", widget=forms.Textarea(attrs={"rows": 4}),
                       error_messages={"required": "Say why you object to this mediator"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("reason"), Button("submit", "Send the objection"))


class ObjectionDecisionForm(forms.Form):
    upheld = forms.ChoiceField(label="Is the objection upheld?", widget=forms.RadioSelect,
                               choices=[("yes", "Yes: allocate a new mediator"), ("no", "No: the mediator stays")],
                               error_messages={"required": "Select whether the objection is upheld"})
    reason = TextField(label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 3}),
                       error_messages={"required": "Give the reason for the decision"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("upheld"), Field.textarea("reason"))


class AvailabilityForm(forms.Form):
    day = GovDateField(label="Date", help_text="For example, 14 1 2027", require_all_fields=False)
    sessions = forms.MultipleChoiceField(label="Times you are free", widget=forms.CheckboxSelectMultiple,
                                         choices=session_choices,
                                         error_messages={"required": "Select at least one time"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("day"), Field.checkboxes("sessions"), Button("submit", "Add these times"))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError("The date must be today or in the future")
        return day
