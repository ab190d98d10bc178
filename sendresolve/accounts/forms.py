"""Forms of the service's own account pages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from sendresolve.accounts.selectors import INDEPENDENCE_QUESTION
from sendresolve.core.forms import TextField


class IndependenceForm(forms.Form):
    employed = forms.ChoiceField(label=INDEPENDENCE_QUESTION, choices=[("no", "No"), ("yes", "Yes")],
                                 widget=forms.RadioSelect, error_messages={"required": "Answer yes or no"})
    details = TextField(label="If yes, which body employs you?", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("employed", legend_size=Size.MEDIUM), Field.text("details"),
                                    Button("submit", "Save my declaration"))

    def clean(self):
        data = super().clean()
        if data.get("employed") == "yes" and not (data.get("details") or "").strip():
            self.add_error("details", "Say which body employs you")
        return data
