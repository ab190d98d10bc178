"""Forms of the meeting pages (GOV.UK patterns through crispy-forms-gds; the availability grid is its own
template, one fieldset a day)."""

from __future__ import annotations

from datetime import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.cases.choices import AccessNeed
from sendresolve.cases.models import Participant
from sendresolve.core.forms import GovDateField, TextField
from sendresolve.meetings.models import AttendanceDecision, Meeting, MeetingChange
from sendresolve.meetings.people import ADDABLE_ROLES
from sendresolve.meetings.scheduling import LONDON, Slot


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


def _date(label: str, required: bool = True) -> GovDateField:
    return GovDateField(label=label, help_text="For example, 14 1 2027", required=required,
                          require_all_fields=False)


class AddPersonForm(forms.Form):
    role = forms.ChoiceField(label="Who are they?", choices=[(r, Participant.Role(r).label) for r in
                                                             Participant.Role.values if r in ADDABLE_ROLES])
    name = TextField(label="Full name", max_length=200, error_messages={"required": "Enter their name"})
    email = forms.EmailField(label="E-mail address", required=False,
                             error_messages={"invalid": "Enter an e-mail address like name@example.com"})
    phone = TextField(label="Phone number", required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.select("role"), Field.text("name"), Field.text("email"),
                              Field.text("phone", field_width=20))


class AttendanceDecisionForm(forms.Form):
    method = forms.ChoiceField(label="How was it decided?", widget=forms.RadioSelect,
                               choices=AttendanceDecision.Method.choices,
                               error_messages={"required": "Choose how it was decided"})
    allowed = forms.ChoiceField(label="May they attend?", widget=forms.RadioSelect,
                                choices=[("yes", "Yes"), ("no", "No")],
                                error_messages={"required": "Choose whether they may attend"})
    parties_consulted = TextField(label="Who was asked, and what each said", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    reason = TextField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("method"), Field.radios("allowed", inline=True),
                              Field.textarea("parties_consulted"), Field.textarea("reason"))


class ChildViewsForm(forms.Form):
    steps = TextField(label="Steps taken to find out the child's views", widget=forms.Textarea(attrs={"rows": 4}),
                      help_text="For example, a meeting with the child before the mediation, their written "
                                 "views, or someone who knows them well speaking for them.",
                      error_messages={"required": "Describe the steps taken"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("steps"))


class AccessNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(label="Access needs", required=False, choices=AccessNeed.choices,
                                      widget=forms.CheckboxSelectMultiple)
    interpreter_language = TextField(label="Language for the interpreter", required=False, max_length=100)
    notes = TextField(label="Anything else we should know", required=False,
                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkboxes("needs"), Field.text("interpreter_language", field_width=20),
                              Field.textarea("notes"))

    def clean(self):
        data = super().clean()
        if AccessNeed.INTERPRETER in data.get("needs", []) and not (data.get("interpreter_language") or "").strip():
            self.add_error("interpreter_language", "Enter the language the interpreter is for")
        return data


class AttendeeForm(forms.Form):
    attendee = forms.ModelChoiceField(label="Who will attend?", queryset=User.objects.none(),
                                      empty_label="Choose the person",
                                      error_messages={"required": "Choose who will attend"})
    confirm_authority = forms.BooleanField(label="I confirm this", required=False)
    typed_name = TextField(label="Your full name, as your signature", required=False, max_length=200)

    def __init__(self, *args, people=None, statement: str = "", authority_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = people if people is not None else User.objects.none()
        self.authority_required = authority_required
        self.helper = _helper(Field.select("attendee"), Field.checkbox("confirm_authority"),
                              Field.text("typed_name"))

    def clean(self):
        data = super().clean()
        if self.authority_required and not data.get("confirm_authority"):
            self.add_error("confirm_authority", "Confirm that they have authority to settle the issues in dispute")
        if data.get("confirm_authority") and not (data.get("typed_name") or "").strip():
            self.add_error("typed_name", "Type your full name to sign the confirmation")
        return data


class AvailabilityRequestForm(forms.Form):
    last_day = _date("Last day to ask about", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("last_day"))


class SlotsForm(forms.Form):
    """The sessions a person can make, out of those offered."""

    slots = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, offered: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {slot.start.isoformat(): slot for slot in offered}
        self.fields["slots"].choices = [(key, key) for key in self.offered]

    def chosen(self) -> list[Slot]:
        return [self.offered[key] for key in self.cleaned_data["slots"]]


PARTY_CHOICES = [("", "Choose whose reason it is")] + MeetingChange.Party.choices


class BookingForm(forms.Form):
    start = forms.ChoiceField(label="When", widget=forms.RadioSelect,
                              error_messages={"required": "Choose when the meeting will be"})
    other_day = _date("Another date", required=False)
    other_time = forms.TimeField(label="Start time (24-hour clock)", required=False, help_text="For example, 10:00",
                                 error_messages={"invalid": "Enter a time like 10:00"})
    format = forms.ChoiceField(label="How will it be held?", widget=forms.RadioSelect, choices=Meeting.Format.choices,
                               initial=Meeting.Format.ONLINE)
    pasted_link = TextField(label="Teams or Zoom link (leave blank for a new private video room)",
                            required=False, max_length=500)
    phone_details = TextField(label="Phone details", required=False, max_length=300)
    venue = TextField(label="Venue address", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    venue_accessibility = TextField(label="Venue access", required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="Step-free entrance, accessible toilet, hearing loop, parking.")
    outside_window_reason = TextField(label="If it is after the 30 days: why it cannot be sooner",
                                      required=False, widget=forms.Textarea(attrs={"rows": 2}))
    short_notice_agreed_on = _date("If less than 5 working days' notice: when the family agreed to it",
                                   required=False)

    def __init__(self, *args, choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [*choices, ("other", "Another date and time")]
        self.helper = _helper(Field.radios("start"), Field("other_day"), Field.text("other_time", field_width=5),
                              Field.radios("format"), Field.text("pasted_link"), Field.text("phone_details"),
                              Field.textarea("venue"), Field.textarea("venue_accessibility"),
                              Field.textarea("outside_window_reason"), Field("short_notice_agreed_on"))

    def clean(self):
        data = super().clean()
        if data.get("start") == "other":
            if not data.get("other_day") and "other_day" not in self.errors:
                self.add_error("other_day", "Enter the date of the meeting")
            if not data.get("other_time") and "other_time" not in self.errors:
                self.add_error("other_time", "Enter the start time")
        return data

    def start_time(self) -> datetime:
        data = self.cleaned_data
        if data["start"] == "other":
            return datetime.combine(data["other_day"], data["other_time"], tzinfo=LONDON)
        return datetime.fromisoformat(data["start"])


class MoveForm(forms.Form):
    day = _date("New date")
    start_time = forms.TimeField(label="Start time (24-hour clock)", help_text="For example, 10:00",
                                 error_messages={"required": "Enter the start time",
                                                 "invalid": "Enter a time like 10:00"})
    party = forms.ChoiceField(label="Whose reason is it?", choices=PARTY_CHOICES,
                              error_messages={"required": "Choose whose reason it is"})
    reason = TextField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Give the reason"})
    outside_window_reason = TextField(label="If it is after the 30 days: why it cannot be sooner",
                                      required=False, widget=forms.Textarea(attrs={"rows": 2}))
    short_notice_agreed_on = _date("If less than 5 working days' notice: when the family agreed to it",
                                   required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("day"), Field.text("start_time", field_width=5), Field.select("party"),
                              Field.textarea("reason"), Field.textarea("outside_window_reason"),
                              Field("short_notice_agreed_on"))

    def start(self) -> datetime:
        return datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"], tzinfo=LONDON)


class CancelForm(forms.Form):
    party = forms.ChoiceField(label="Whose reason is it?", choices=PARTY_CHOICES,
                              error_messages={"required": "Choose whose reason it is"})
    reason = TextField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Give the reason"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.select("party"), Field.textarea("reason"))


class HeldForm(forms.Form):
    held_on = _date("When was it held?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["held_on"] = timezone.localdate()
        self.helper = _helper(Field("held_on"))


class FamilyToldForm(forms.Form):
    told_on = _date("When was the family told the date and place?")
    how = TextField(label="How were they told?", max_length=200, help_text="For example, by phone, or by letter",
                    error_messages={"required": "Say how the family was told"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("told_on"), Field.text("how"))
