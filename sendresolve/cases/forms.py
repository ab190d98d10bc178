"""Forms of the case pages: GOV.UK patterns through crispy-forms-gds; every date is a GOV.UK date input."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases.appeal_rights import asks_which_sections
from sendresolve.cases.choices import (
    AlternativeBasis,
    CaseKind,
    ContactMethod,
    DecisionType,
    OtherParty,
    PlanSection,
    RightsHolder,
)
from sendresolve.cases.services import IssueDetails
from sendresolve.cases.visibility import QUEUE_ORDER
from sendresolve.core.forms import EARLIEST_BIRTH, GovDateField, TextField
from sendresolve.core.keyset import BadCursor


def _past_date(label: str, help_text: str = "For example, 27 3 2026", **bounds) -> GovDateField:
    return GovDateField(label=label, help_text=help_text, require_all_fields=False, **bounds)


def _not_future(form: forms.Form, field: str, what: str) -> None:
    value = form.cleaned_data.get(field)
    if value and value > timezone.localdate():
        form.add_error(field, f"{what} must be today or in the past")


class CaseCreateForm(forms.Form):
    """A request taken by phone or e-mail and entered by a case officer."""

    kind = forms.ChoiceField(label="What does the family want?", choices=CaseKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select mediation or disagreement resolution"})
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY),
        empty_label="Choose the local authority", error_messages={"required": "Choose the local authority"})
    child_name = TextField(label="Child or young person's full name", max_length=200,
                           error_messages={"required": "Enter the child or young person's name"})
    child_date_of_birth = _past_date("Child or young person's date of birth", earliest=EARLIEST_BIRTH)
    rights_holder = forms.ChoiceField(label="Who is asking?", choices=RightsHolder.choices,
                                      widget=forms.RadioSelect, initial=RightsHolder.PARENT)
    alternative_basis = forms.ChoiceField(label="If someone acts for a young person who lacks capacity: on what basis?",
                                          required=False, choices=[("", "Choose")] + AlternativeBasis.choices)
    looked_after_by = forms.ModelChoiceField(
        label="If the child is looked after (in care): by which local authority?", required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY), empty_label="Not looked after")
    family_name = TextField(label="Their full name", max_length=200,
                            error_messages={"required": "Enter the name of the person asking"})
    family_email = forms.EmailField(label="Their e-mail address", required=False,
                                    error_messages={"invalid": "Enter an e-mail address like name@example.com"})
    family_phone = TextField(label="Their phone number", required=False, max_length=40)
    contacted_on = _past_date("When did they get in touch?")
    contact_method = forms.ChoiceField(label="How did they get in touch?", choices=ContactMethod.choices,
                                       widget=forms.RadioSelect, initial=ContactMethod.PHONE)
    decision_type = forms.ChoiceField(label="The local authority's decision", required=False,
                                      choices=[("", "Choose the decision (mediation only)")] + DecisionType.choices)
    letter_dated = GovDateField(label="Date on the decision letter", required=False, require_all_fields=False)
    sent_on = GovDateField(label="Date the decision letter was sent", required=False, require_all_fields=False,
                             help_text="The appeal window runs from this date. If unknown, use the date on the letter.")
    included_mediation_information = forms.BooleanField(
        label="The letter gave the mediation adviser's details and the time limits", required=False, initial=True)
    sections = forms.MultipleChoiceField(
        label="Which parts of the plan are in dispute?", required=False, choices=PlanSection.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a plan's contents or a refusal to amend it. A refusal to assess, issue or re-assess, or a "
                  "cease decision, is appealed as a whole: say below what the family wants instead.")
    wanted = TextField(label="What does the family want the local authority to do instead?", required=False,
                       widget=forms.Textarea(attrs={"rows": 2}))
    health_provision_wanted = TextField(label="The health provision the family wants", required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}),
                                        help_text="Needed when health (Section C or G) is in dispute: the ICB is "
                                                  "told it with the request.")
    other_parties = forms.ModelMultipleChoiceField(
        label="Health and social care bodies taking part", required=False,
        queryset=Organisation.objects.filter(kind__in=[OrganisationKind.ICB, OrganisationKind.SOCIAL_CARE]),
        widget=forms.CheckboxSelectMultiple)
    dr_other_party = forms.ChoiceField(label="Who is the disagreement with?", required=False,
                                       choices=[("", "Choose (disagreement resolution only)")] + OtherParty.choices)
    dr_description = TextField(label="What is the disagreement about?", required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.select("local_authority"),
            Fieldset(Field.text("child_name"), Field("child_date_of_birth"), legend="The child or young person",
                     legend_size=Size.MEDIUM),
            Fieldset(Field.radios("rights_holder"), Field.select("alternative_basis"), Field.select("looked_after_by"),
                     Field.text("family_name"), Field.text("family_email"),
                     Field.text("family_phone", field_width=20), Field("contacted_on"),
                     Field.radios("contact_method", inline=True), legend="The person asking",
                     legend_size=Size.MEDIUM),
            Fieldset(Field.select("decision_type"), Field("letter_dated"), Field("sent_on"),
                     Field.checkbox("included_mediation_information"), Field.checkboxes("sections"),
                     Field.textarea("wanted"), Field.textarea("health_provision_wanted"),
                     Field.checkboxes("other_parties"), legend="Mediation: the decision in dispute",
                     legend_size=Size.MEDIUM),
            Fieldset(Field.select("dr_other_party"), Field.textarea("dr_description"),
                     legend="Disagreement resolution", legend_size=Size.MEDIUM),
            Button("submit", "Save the request"),
        )

    def clean(self):
        data = super().clean()
        _not_future(self, "contacted_on", "The date they got in touch")
        _not_future(self, "child_date_of_birth", "The date of birth")
        _not_future(self, "sent_on", "The date the letter was sent")
        _not_future(self, "letter_dated", "The date on the letter")
        if data.get("kind") == CaseKind.MEDIATION:
            if not data.get("decision_type"):
                self.add_error("decision_type", "Choose the decision the family disagrees with")
            if not data.get("letter_dated") and "letter_dated" not in self.errors:
                self.add_error("letter_dated", "Enter the date on the decision letter")
            if asks_which_sections(data.get("decision_type")):
                if not data.get("sections"):
                    self.add_error("sections", "Select at least one part of the plan in dispute")
            elif data.get("decision_type") and not (data.get("wanted") or "").strip():
                self.add_error("wanted", "Say what the family wants the local authority to do instead")
            if {"C", "G"} & set(data.get("sections") or []) and not (data.get("health_provision_wanted") or "").strip():
                self.add_error("health_provision_wanted", "Say what health provision the family wants")
            if data.get("letter_dated") and not data.get("sent_on") and "sent_on" not in self.errors:
                data["sent_on"] = data["letter_dated"]
            if data.get("letter_dated") and data.get("sent_on") and data["sent_on"] < data["letter_dated"]:
                self.add_error("sent_on", "The letter cannot be sent before the date on it")
        elif data.get("kind") == CaseKind.DR:
            if not data.get("dr_other_party"):
                self.add_error("dr_other_party", "Choose who the disagreement is with")
            if not (data.get("dr_description") or "").strip():
                self.add_error("dr_description", "Describe the disagreement")
        if not data.get("family_email") and not (data.get("family_phone") or "").strip():
            self.add_error("family_email", "Enter an e-mail address or a phone number")
        return data


    def parties(self) -> list[Organisation]:
        """The bodies chosen; where health is in dispute and no ICB was chosen, the ICB for the LA's area."""
        data = self.cleaned_data
        if data["kind"] != CaseKind.MEDIATION:
            return []
        chosen = list(data["other_parties"])
        icb = data["local_authority"].icb
        health = {"C", "G"} & set(data["sections"])
        if health and icb is not None and not any(o.kind == OrganisationKind.ICB for o in chosen):
            chosen.append(icb)
        return chosen

    def issues(self) -> list[IssueDetails]:
        """What is in dispute: the plan's sections, or for a decision appealed as a whole what the family wants
        instead (with any sections ticked, which matter for who must take part: health, social care)."""
        data = self.cleaned_data
        if data["kind"] != CaseKind.MEDIATION:
            return [IssueDetails(other_party=data["dr_other_party"], description=data["dr_description"])]
        issues = [IssueDetails(section=section) for section in data["sections"]]
        if not asks_which_sections(data["decision_type"]):
            issues.append(IssueDetails(description=data["wanted"]))
        return issues


class DatedStepForm(forms.Form):
    """A transition that happened on a date, with a reason where one is needed."""

    on = _past_date("Date")
    reason = TextField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, date_label: str = "Date", reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = date_label
        self.reason_required = reason_required
        if not reason_required:
            del self.fields["reason"]
        if not self.is_bound:
            today: date = timezone.localdate()
            self.initial["on"] = today
        self.helper = FormHelper()
        self.helper.form_tag = False
        fields = [Field("on")] + ([Field.textarea("reason")] if reason_required else [])
        self.helper.layout = Layout(*fields)

    def clean(self):
        data = super().clean()
        _not_future(self, "on", "The date")
        if self.reason_required and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason")
        return data


class AdviserInformationForm(forms.Form):
    given_on = _past_date("When was the information given?")
    method = forms.ChoiceField(label="How was it given?", choices=ContactMethod.choices, widget=forms.RadioSelect,
                               initial=ContactMethod.PHONE)
    notes = TextField(label="Notes for the case file (staff only)", required=False,
                      widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("given_on"), Field.radios("method", inline=True), Field.textarea("notes"),
                                    Button("submit", "Save"))

    def clean(self):
        data = super().clean()
        _not_future(self, "given_on", "The date")
        return data


class VerifyForm(forms.Form):
    number = TextField(label="Certificate number", max_length=20, help_text="For example, MC-AB2C-D3EF",
                       error_messages={"required": "Enter the certificate number"})
    date_of_birth = _past_date("Child or young person's date of birth", earliest=EARLIEST_BIRTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("number", field_width=20), Field("date_of_birth"),
                                    Button("submit", "Check the certificate"))


class WorkQueueFilterForm(forms.Form):
    """The work queue's filters and page, from the query string. A value no link would make (an LA the reader
    cannot see, a page marker no "Next" link gave) is an error on that filter, and the queue is shown without it."""

    local_authority = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False,
        error_messages={"invalid_choice": "Choose a local authority from the list"})
    kind = forms.ChoiceField(choices=[("", "All"), *CaseKind.choices], required=False,
                             error_messages={"invalid_choice": "Choose a kind from the list"})
    state = forms.ChoiceField(required=False, error_messages={"invalid_choice": "Choose a stage from the list"})
    rule = forms.RegexField(regex=r"^[Tt]\d{1,2}[a-c]?$", required=False, max_length=4,
                            error_messages={"invalid": "Enter a rule like T4a or T12",
                                            "max_length": "Enter a rule like T4a or T12"})
    # Where a page starts or ends: the date and number of a queue line, as the "Next" and "Previous" links give.
    NO_SUCH_PAGE = "There is no such page: go back to the first page of the queue"
    after = forms.CharField(required=False, max_length=40, error_messages={"max_length": NO_SUCH_PAGE})
    before = forms.CharField(required=False, max_length=40, error_messages={"max_length": NO_SUCH_PAGE})

    def __init__(self, data, *, local_authorities, states):
        super().__init__(data)
        self.fields["local_authority"].queryset = local_authorities
        self.fields["state"].choices = [("", "All"), *states]

    def filters(self) -> dict:
        """The valid filters only: a bad one is dropped (and shown as an error), never guessed."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen = data.get("local_authority")
        return {"local_authority": chosen.pk if chosen else None, "kind": data.get("kind") or "",
                "state": data.get("state") or "", "rule": "T" + data["rule"][1:] if data.get("rule") else ""}

    def clean(self):
        data = super().clean()
        for name in ("after", "before"):
            if data.get(name):
                try:
                    QUEUE_ORDER.parse(data[name])
                except BadCursor:
                    self.add_error(name, self.NO_SUCH_PAGE)
        return data

    def cursor(self) -> dict:
        """Where the page starts or ends; the first page when neither is valid."""
        data = getattr(self, "cleaned_data", {})
        return {"after": data.get("after") or "", "before": "" if data.get("after") else data.get("before") or ""}


class DecisionCorrectionForm(forms.Form):
    """The adviser corrects the decision and what is in dispute (see cases.corrections)."""

    decision_type = forms.ChoiceField(label="The local authority's decision", choices=DecisionType.choices,
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Choose the decision the family disagrees with"})
    sections = forms.MultipleChoiceField(
        label="Which parts of the plan are in dispute?", required=False, choices=PlanSection.choices,
        widget=forms.CheckboxSelectMultiple, help_text="For a plan's contents or a refusal to amend it only.")
    wanted = TextField(label="What does the family want the local authority to do instead?", required=False,
                       widget=forms.Textarea(attrs={"rows": 2}),
                       help_text="For a refusal to assess, issue or re-assess, or a decision to cease.")
    letter_dated = GovDateField(label="Date on the decision letter (if you have checked the letter)", required=False,
                                require_all_fields=False)
    sent_on = GovDateField(label="Date the decision letter was sent (if you have checked the letter)",
                           required=False, require_all_fields=False,
                           help_text="The appeal window runs from this date.")
    reason = TextField(label="Why is it being corrected?", widget=forms.Textarea(attrs={"rows": 2}),
                       help_text="The family sees this on their case.",
                       error_messages={"required": "Say why the case is being corrected"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("decision_type", legend_size=Size.MEDIUM),
                                    Field.checkboxes("sections"), Field.textarea("wanted"), Field("letter_dated"),
                                    Field("sent_on"), Field.textarea("reason"), Button("submit", "Save the correction"))

    def clean(self):
        data = super().clean()
        decision = data.get("decision_type")
        if decision and asks_which_sections(decision) and not data.get("sections"):
            self.add_error("sections", "Select at least one part of the plan in dispute")
        if decision and not asks_which_sections(decision) and not (data.get("wanted") or "").strip():
            self.add_error("wanted", "Say what the family wants the local authority to do instead")
        if bool(data.get("letter_dated")) != bool(data.get("sent_on")) and not self.errors.get("sent_on"):
            self.add_error("sent_on" if data.get("letter_dated") else "letter_dated",
                           "Enter both dates from the letter, or neither")
        return data


class AddPartyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Body to add", queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.ICB, OrganisationKind.SOCIAL_CARE, OrganisationKind.SCHOOL]),
        empty_label="Choose the body", error_messages={"required": "Choose the body to add",
                                                       "invalid_choice": "Choose a body from the list"})
