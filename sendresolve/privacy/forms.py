"""Forms of the data protection pages: finding a person, correcting their name or address, erasing them."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from sendresolve.core.forms import SHORT_TEXT, TextField


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page has the <form> and its button
    helper.layout = Layout(*fields)
    return helper


class FindPersonForm(forms.Form):
    q = TextField(label="Name or e-mail address", max_length=SHORT_TEXT, required=False,
                  help_text="At least 2 letters, for example part of their surname or their e-mail address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("q", field_width=20))

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if query and len(query) < 2:
            raise forms.ValidationError("Enter at least 2 letters")
        return query


_REASON_HINT = "It is kept in the audit log and on the timeline of each of their cases. Do not write their name."


class CorrectionForm(forms.Form):
    full_name = TextField(label="Full name", max_length=SHORT_TEXT,
                          error_messages={"required": "Enter their full name"})
    email = forms.EmailField(label="E-mail address", max_length=254, required=False,
                             help_text="Leave empty if we have no address for them and they have no account",
                             error_messages={"invalid": "Enter an e-mail address in the right format, like "
                                                        "name@example.com"})
    reason = TextField(label="Why is it being corrected?", widget=forms.Textarea(attrs={"rows": 2}),
                       help_text=_REASON_HINT, error_messages={"required": "Say why it is being corrected"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("full_name"), Field.text("email"), Field.textarea("reason"))


class ErasureForm(forms.Form):
    reason = TextField(label="Why may they be erased?", widget=forms.Textarea(attrs={"rows": 3}),
                       help_text=("For example: 'Asked on 3 March 2027 by e-mail; case closed, no appeal, nothing "
                                  "left to do (UK GDPR Article 17(1)(a))'. " + _REASON_HINT),
                       error_messages={"required": "Say why the law allows them to be erased"})
    confirm = forms.BooleanField(
        label="I understand this cannot be undone: their name, contact details, messages and files go for good",
        error_messages={"required": "Confirm that you understand this cannot be undone"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), Field.checkbox("confirm"))
