"""Forms of the fees pages (GOV.UK patterns through crispy-forms-gds): they parse what was typed; services decide."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from sendresolve.clock.months import month_start, previous_month_start
from sendresolve.core.forms import GovDateField, TextField
from sendresolve.fees.models import MINUTES_IN_AN_ENTRY, Activity

TIME_ERRORS = {"invalid": "Enter a whole number", "min_value": "Enter 0 or more",
               "max_value": "Enter %(limit_value)s or fewer"}


class TimeForm(forms.Form):
    case = forms.ChoiceField(label="Case", error_messages={"required": "Choose the case",
                                                            "invalid_choice": "Choose one of your cases"})
    activity = forms.ChoiceField(label="What was the time spent on?", choices=Activity.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose what the time was spent on"})
    worked_on = GovDateField(label="Day the work was done", help_text="For example, 14 1 2027",
                             require_all_fields=False)
    hours = forms.IntegerField(label="Hours", min_value=0, max_value=12, required=False, error_messages=TIME_ERRORS)
    minutes = forms.IntegerField(label="Minutes", min_value=0, max_value=59, required=False,
                                 error_messages=TIME_ERRORS)
    note = TextField(label="Note (optional)", max_length=300, required=False,
                     help_text="For your own record, for example 'call with the SENCO'. Do not write the child's "
                               "name.")

    def __init__(self, *args, cases=(), fixed_case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "Choose a case"), *((case.reference, case.reference) for case in cases)]
        self.fields["worked_on"].required = True
        self.fields["worked_on"].error_messages["required"] = "Enter the day the work was done"
        layout = [] if fixed_case else [Field.select("case")]
        if fixed_case:
            self.fields["case"].required = False
        layout += [Field.radios("activity", legend_size=Size.MEDIUM), Field("worked_on"),
                   Fieldset(Field.text("hours", field_width=3), Field.text("minutes", field_width=3),
                            legend="How long", legend_size=Size.MEDIUM),
                   Field.text("note")]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Button("submit", "Save the time"))

    def clean(self):
        data = super().clean()
        if "hours" in data and "minutes" in data:
            total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
            if total == 0:
                self.add_error("hours", "Enter how long the work took")
            elif total > MINUTES_IN_AN_ENTRY:
                self.add_error("hours", "Enter up to 12 hours: record a longer day as more than one entry")
            data["total_minutes"] = total
        return data


class DisputeForm(forms.Form):
    line = forms.ChoiceField(label="Which line is wrong?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose the line you dispute",
                                             "invalid_choice": "Choose a line of this statement"})
    reason = TextField(label="What is wrong with it?", widget=forms.Textarea(attrs={"rows": 3}),
                       error_messages={"required": "Say what is wrong with the line"})

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(str(line.pk), f"{line.on_date:%-d %B %Y}, {line.case_reference}: "
                                                      f"{line.description}") for line in lines]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("line", legend_size=Size.SMALL), Field.textarea("reason"),
                                    Button("submit", "Send the dispute to the service manager",
                                           css_class="govuk-button--secondary"))


class AnswerForm(forms.Form):
    answer = TextField(label="Your answer to the mediator", widget=forms.Textarea(attrs={"rows": 3}),
                       help_text="What was put right (a rate card an administrator corrected, say), or why the line "
                                 "stands. The statement goes back to the mediator, drafted again.",
                       error_messages={"required": "Write your answer to the mediator"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("answer"),
                                    Button("submit", "Send the answer and the statement back"))


class AgreementForm(forms.Form):
    address = TextField(label="Your business address", max_length=500, widget=forms.Textarea(attrs={"rows": 4}),
                        help_text="Every invoice shows it.",
                        error_messages={"required": "Enter your business address"})
    vat_number = forms.CharField(label="VAT registration number (if you are registered for VAT)", required=False,
                                 max_length=20, help_text="For example, GB 123 4567 89. Leave it empty if you are "
                                                          "not registered.")
    typed_name = TextField(label="Type your full name to sign", max_length=200,
                           error_messages={"required": "Type your full name to sign the agreement"})
    confirmed = forms.BooleanField(label="I agree to self-billing on these terms",
                                   error_messages={"required": "Tick the box to agree to self-billing"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("address"), Field.text("vat_number", field_width=20),
                                    Field.text("typed_name"), Field.checkbox("confirmed"),
                                    Button("submit", "Agree to self-billing"))


class DraftForm(forms.Form):
    month = forms.ChoiceField(label="Which month?", widget=forms.RadioSelect,
                              error_messages={"required": "Choose the month"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        months = (previous_month_start(today), month_start(today))
        self.fields["month"].choices = [(month.isoformat(), f"{month:%B %Y}") for month in months]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("month", inline=True, legend_size=Size.SMALL),
                                    Button("submit", "Draft the statements now"))
