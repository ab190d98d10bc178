from django import forms

from sendresolve.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    actor_email = forms.EmailField(label="Who (e-mail address)", required=False)
    action = forms.ChoiceField(label="What they did", required=False,
                               choices=[("", "Anything")] + list(AuditEvent.Action.choices))
    on_or_after = forms.DateField(label="From (YYYY-MM-DD)", required=False,
                                  widget=forms.DateInput(attrs={"type": "text", "inputmode": "numeric"}))
    on_or_before = forms.DateField(label="To (YYYY-MM-DD)", required=False,
                                   widget=forms.DateInput(attrs={"type": "text", "inputmode": "numeric"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("on_or_after"), data.get("on_or_before")
        if start and end and start > end:
            self.add_error("on_or_before", "The 'to' date must be the same as or after the 'from' date")
        return data
