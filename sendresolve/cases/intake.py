"""The family's own online request: one question per page, answers kept in the session until sent.

`QUESTIONS` is the flow as data: each page's form and which page comes next given the answers so far.
The dates the family is told come from the clock, like every other date in the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils import timezone

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases.appeal_rights import asks_which_sections, is_placement_only
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.choices import AlternativeBasis, DecisionType, OtherParty, RightsHolder
from sendresolve.clock import CaseEvents, compulsory_school_age_ends, compute_deadlines
from sendresolve.core.forms import EARLIEST_BIRTH, GovDateField, TextField
from sendresolve.documents.uploads import letter_content_type

SESSION_KEY = "family_request"

SECTION_CHOICES = [
    ("B", "The needs the plan describes (Section B)"),
    ("F", "The support the plan sets out (Section F)"),
    ("I", "The school, college or type of setting named, or that none is named (Section I)"),
    ("G", "Health support (Sections C and G)"),
    ("H2", "Social care support (Sections D and H)"),
]


class _QuestionForm(forms.Form):
    heading_in_legend = False  # the question's legend is the page's h1 (GOV.UK question pages)

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        self.earlier = answers or {}  # what the family answered on the pages before
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The page's own <form> carries the CSRF token: none inside the fields, which a fresh visitor's first
        # question shares with everyone (rendered once, request/question.html).
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", "Continue"))

    def layout_fields(self):
        if self.heading_in_legend:
            [(name, field)] = self.fields.items()
            kind = Field.checkboxes if isinstance(field.widget, forms.CheckboxSelectMultiple) else Field.radios
            return [kind(name, legend_size=Size.LARGE, legend_tag="h1")]
        return [Field(name) for name in self.fields]

    def answers(self) -> dict:
        """The cleaned answers as values the session can store."""
        return {key: value.isoformat() if isinstance(value, date) else value
                for key, value in self.cleaned_data.items()}


class WhoForm(_QuestionForm):
    heading_in_legend = True

    rights_holder = forms.ChoiceField(label="Who is asking?", choices=RightsHolder.choices,
                                      widget=forms.RadioSelect, error_messages={"required": "Select who is asking"})


class AlternativeForm(_QuestionForm):
    heading_in_legend = True

    alternative_basis = forms.ChoiceField(
        label="On what basis do you act for the young person?", choices=AlternativeBasis.choices,
        widget=forms.RadioSelect, help_text="Someone acts for a young person only when they lack the mental capacity "
                                            "to make this decision themselves.",
        error_messages={"required": "Choose on what basis you act for them"})


class AboutForm(_QuestionForm):
    heading_in_legend = True

    about = forms.ChoiceField(
        label="What do you disagree with?", widget=forms.RadioSelect,
        choices=[("decision", "A decision the local authority made about an EHC needs assessment or an EHC plan"),
                 ("other", "Something else about special educational needs: for example how a school, college "
                           "or health body is meeting them")],
        error_messages={"required": "Select what you disagree with"})


class DecisionForm(_QuestionForm):
    heading_in_legend = True

    decision_type = forms.ChoiceField(label="Which decision do you disagree with?", choices=DecisionType.choices,
                                      widget=forms.RadioSelect, error_messages={"required": "Select the decision"})


class SentForm(_QuestionForm):
    sent_on = GovDateField(label="When was the decision letter sent to you?", require_all_fields=False,
                           help_text="If you do not know, use the date on the letter. For example, 27 3 2026",
                           too_early="The date must be on or after 1 September 2014, when the law on SEND mediation "
                                     "began. Check the year on the letter.")

    def clean_sent_on(self):
        sent = self.cleaned_data["sent_on"]
        if sent > timezone.localdate():
            raise forms.ValidationError("The date the letter was sent must be today or in the past")
        return sent


class LetterForm(_QuestionForm):
    stores_upload = True  # the view keeps the file (files cannot live in the session)
    letter = forms.FileField(label="Upload the decision letter (optional)", required=False,
                             help_text="A PDF, JPG or PNG, smaller than 10 MB. It helps the adviser check your dates.")

    def clean_letter(self):
        upload = self.cleaned_data.get("letter")
        if upload:
            self.letter_type = letter_content_type(upload)
        return upload

    def answers(self) -> dict:
        return {}


class SectionsForm(_QuestionForm):
    """Asked only about a plan's contents or a refusal to amend it (see `appeal_rights`)."""

    heading_in_legend = True

    sections = forms.MultipleChoiceField(label="Which parts of the plan do you disagree with?",
                                         choices=SECTION_CHOICES, widget=forms.CheckboxSelectMultiple,
                                         help_text="Select all that apply.",
                                         error_messages={"required": "Select at least one part of the plan"})


class HealthForm(_QuestionForm):
    """Reg 32(e)(iii): where the family says health support is missing, the health provision it wants, which the
    health body (ICB) is told with the request."""

    health_provision_wanted = TextField(
        label="What health support do you want for your child?", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, speech and language therapy once a week in school.",
        error_messages={"required": "Say what health support you want"})


class WantedForm(_QuestionForm):
    """A refusal to assess, issue or re-assess, or a decision to cease, is appealed as a whole: the family says
    what it wants instead, in its own words, and is never asked about sections of a plan."""

    wanted = TextField(label="What do you want the local authority to do instead?", widget=forms.Textarea(
        attrs={"rows": 4}), help_text="For example, carry out an EHC needs assessment for my son.",
        error_messages={"required": "Say what you want the local authority to do instead"})


class OtherPartyForm(_QuestionForm):
    other_party = forms.ChoiceField(label="Who is the disagreement with?", choices=OtherParty.choices,
                                    widget=forms.RadioSelect, error_messages={"required": "Select who it is with"})
    description = TextField(label="What is the disagreement about?", widget=forms.Textarea(attrs={"rows": 5}),
                            max_length=3000, error_messages={"required": "Describe the disagreement"})

    def layout_fields(self):
        return [Field.radios("other_party", legend_size=Size.MEDIUM), Field.textarea("description")]


class ChildForm(_QuestionForm):
    child_name = TextField(label="Full name of the child or young person", max_length=200,
                           error_messages={"required": "Enter the child or young person's name"})
    child_date_of_birth = GovDateField(label="Their date of birth", require_all_fields=False,
                                       help_text="For example, 4 5 2016", earliest=EARLIEST_BIRTH)

    looked_after = forms.BooleanField(label="They are looked after by a local authority (in care)", required=False)

    def clean_child_date_of_birth(self):
        born = self.cleaned_data["child_date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past")
        holder = self.earlier.get("rights_holder")
        if holder in (RightsHolder.YOUNG_PERSON, RightsHolder.ALTERNATIVE_PERSON) and not young_person(born):
            raise forms.ValidationError(
                f"They are still of compulsory school age (until {compulsory_school_age_ends(born):%-d %B %Y}), so "
                "their parent or carer asks for them. Go back and choose 'Parent or carer'.")
        return born


class AuthorityForm(_QuestionForm):
    local_authority = forms.ModelChoiceField(
        label="Which local authority is it?", queryset=Organisation.objects.filter(
            kind=OrganisationKind.LOCAL_AUTHORITY), empty_label="Choose your local authority",
        error_messages={"required": "Choose your local authority"})

    def answers(self) -> dict:
        return {"local_authority": self.cleaned_data["local_authority"].pk}


class ContactForm(_QuestionForm):
    family_name = TextField(label="Your full name", max_length=200,
                            error_messages={"required": "Enter your full name"})
    family_email = forms.EmailField(label="Your e-mail address", help_text="We will send a code to check it",
                                    error_messages={"required": "Enter your e-mail address",
                                                    "invalid": "Enter an e-mail address like name@example.com"})
    family_phone = TextField(label="Your phone number (optional)", required=False, max_length=40)


@dataclass(frozen=True)
class Question:
    slug: str
    title: str
    form: type[_QuestionForm]
    next: Callable[[dict], str]


def _after_about(answers: dict) -> str:
    return "decision" if answers.get("about") == "decision" else "other-party"


QUESTIONS: dict[str, Question] = {q.slug: q for q in [
    Question("who", "Who is asking?", WhoForm,
             lambda a: "alternative" if a.get("rights_holder") == RightsHolder.ALTERNATIVE_PERSON else "about"),
    Question("alternative", "On what basis do you act for the young person?", AlternativeForm, lambda a: "about"),
    Question("about", "What do you disagree with?", AboutForm, _after_about),
    Question("decision", "Which decision do you disagree with?", DecisionForm, lambda a: "sent"),
    Question("sent", "When was the decision letter sent?", SentForm, lambda a: "letter"),
    Question("letter", "Upload the decision letter", LetterForm,
             lambda a: "sections" if asks_which_sections(a.get("decision_type")) else "wanted"),
    Question("sections", "Which parts of the plan do you disagree with?", SectionsForm,
             lambda a: "health" if "G" in a.get("sections", []) else "child"),
    Question("health", "What health support do you want?", HealthForm, lambda a: "child"),
    Question("wanted", "What do you want the local authority to do instead?", WantedForm, lambda a: "child"),
    Question("other-party", "Who is the disagreement with?", OtherPartyForm, lambda a: "child"),
    Question("child", "About the child or young person", ChildForm, lambda a: "authority"),
    Question("authority", "Which local authority is it?", AuthorityForm, lambda a: "contact"),
    Question("contact", "Your contact details", ContactForm, lambda a: "check"),
]}
FIRST = "who"


def path_of(answers: dict) -> list[str]:
    """The pages this family's answers lead through, in order, up to the first unanswered one."""
    slugs, slug = [], FIRST
    while slug in QUESTIONS:
        slugs.append(slug)
        form = QUESTIONS[slug].form
        if not all(name in answers for name in form.base_fields) and f"{slug}_done" not in answers:
            break
        slug = QUESTIONS[slug].next(answers)
    return slugs


def young_person(born: date, on: date | None = None) -> bool:
    """Over compulsory school age (CFA 2014 s.83(2) [U]): only then does a young person hold the rights."""
    return (on or timezone.localdate()) > compulsory_school_age_ends(born)


def is_mediation(answers: dict) -> bool:
    return answers.get("about") == "decision"


def sections_in_dispute(answers: dict) -> list[str]:
    """The plan sections the family named, only where the decision is about a plan's sections: an answer left in
    the session from before the family changed the decision does not count."""
    return list(answers.get("sections", [])) if asks_which_sections(answers.get("decision_type")) else []


def placement_only(answers: dict) -> bool:
    return is_mediation(answers) and is_placement_only(answers.get("decision_type"), sections_in_dispute(answers))


def request_dates(answers: dict) -> dict[str, date]:
    """The family's dates from the clock: when to contact the adviser (T1) and the appeal deadline (T9)."""
    if not is_mediation(answers) or "sent_on" not in answers:
        return {}
    events = CaseEvents(notice_sent=date.fromisoformat(answers["sent_on"]), placement_only=placement_only(answers))
    return {deadline.rule.id: deadline.due for deadline in compute_deadlines(events, service_calendar())}
