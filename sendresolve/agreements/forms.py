"""Forms of the Action Plan, outcome, follow-up and notes pages (GOV.UK patterns through crispy-forms-gds)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from sendresolve.agreements.models import ActionKind, ConfidentialNote, Responsible
from sendresolve.agreements.plans import MAX_AGREED_WEEKS, ActionLine
from sendresolve.cases.choices import Outcome
from sendresolve.core.forms import GovDateField, TextField

# The Action Plan is read by families and LA officers, printed and signed: a page of discussion, a paragraph per
# action. The mediator's own notes may run longer; they are in no document.
PLAN_TEXT = 4000
ACTION_TEXT = 1000
NOTE_TEXT = 10000


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class PlanForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    issues_discussed = TextField(label="Issues discussed", required=False, max_length=PLAN_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    issues_unresolved = TextField(label="Issues not resolved", required=False, max_length=PLAN_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("revision"), Field.textarea("issues_discussed"),
                              Field.textarea("issues_unresolved"))


class ActionForm(forms.Form):
    description = TextField(label="What will be done", required=False, max_length=ACTION_TEXT,
                       widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ChoiceField(label="Who will do it", choices=Responsible.choices, initial=Responsible.LA)
    kind = forms.ChoiceField(label="What kind of action is it?", choices=ActionKind.choices,
                             initial=ActionKind.NON_APPEALABLE)
    agreed_weeks = forms.IntegerField(label="Weeks agreed in writing, if not the usual time limit (optional)",
                                      required=False, min_value=1, max_value=MAX_AGREED_WEEKS,
                                      error_messages={"min_value": "Enter a number of weeks from 1",
                                                      "max_value": f"Enter at most {MAX_AGREED_WEEKS} weeks",
                                                      "invalid": "Enter a whole number of weeks"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("description"), Field.select("responsible"), Field.select("kind"),
                              Field.text("agreed_weeks", field_width=3))

    def line(self) -> ActionLine | None:
        data = self.cleaned_data
        if not (data.get("description") or "").strip():
            return None  # a blank row: nothing was added there
        return ActionLine(data["description"], data["responsible"], data["kind"], data.get("agreed_weeks"))


ActionFormSet = forms.formset_factory(ActionForm, extra=2, max_num=30)


class AgreeForm(forms.Form):
    confirmed = forms.BooleanField(label="I agree to this Action Plan", required=False)
    typed_name = TextField(label="Your full name, as your signature", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("confirmed"), Field.text("typed_name"))

    def clean(self):
        data = super().clean()
        if not data.get("confirmed"):
            self.add_error("confirmed", "Tick the box to agree the Action Plan")
        if not (data.get("typed_name") or "").strip():
            self.add_error("typed_name", "Type your full name to sign the agreement")
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="What was the outcome?", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome"})
    concluded_on = GovDateField(label="When did the mediation conclude?", help_text="For example, 14 1 2027",
                                  require_all_fields=False)
    reason = TextField(label="Reason (needed if withdrawn or not held)", required=False,
                       widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["concluded_on"] = timezone.localdate()
        self.helper = _helper(Field.radios("outcome"), Field("concluded_on"), Field.textarea("reason"))


class DoneForm(forms.Form):
    note = TextField(label="What was done", widget=forms.Textarea(attrs={"rows": 2}),
                     error_messages={"required": "Say what was done"})
    evidence = forms.FileField(label="A document that shows it (optional): PDF, JPG or PNG", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("note"), Field("evidence"))


class NewDateForm(forms.Form):
    new_due = GovDateField(label="New date", help_text="For example, 14 1 2027", require_all_fields=False)
    reason = TextField(label="Why a new date is needed", widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Say why a new date is needed"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("new_due"), Field.textarea("reason"))


class NotHappenedForm(forms.Form):
    note = TextField(label="What has not happened?", widget=forms.Textarea(attrs={"rows": 2}),
                     error_messages={"required": "Tell us what has not happened"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("note"))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=ConfidentialNote.Kind.choices, widget=forms.RadioSelect,
                             initial=ConfidentialNote.Kind.NOTE)
    text = TextField(label="Note", max_length=NOTE_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
                     error_messages={"required": "Write the note"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("kind", inline=True), Field.textarea("text"))


class SessionAgreementForm(forms.Form):
    """The mediator records that each party confirmed the final text in the meeting (legal review L6)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    agreed_on = GovDateField(label="The day of the meeting in which it was agreed", help_text="For example, 14 1 2027",
                             require_all_fields=False)
    confirmed = forms.MultipleChoiceField(
        label="Who confirmed the final text on screen in the meeting?", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select each party who confirmed the final text"})

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(str(p.pk), f"{p.name} ({p.get_role_display()})") for p in parties]
        self.helper = _helper(Field("revision"), Field("agreed_on"), Field.checkboxes("confirmed"))


class ReceiptForm(forms.Form):
    received = forms.BooleanField(label="I have received the Action Plan agreed in the meeting",
                                  error_messages={"required": "Tick the box to confirm you have received it"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("received"))
