"""Form fields every app's forms share."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms

from sendresolve.core.text import plain_text

# The law on SEND mediation (Children and Families Act 2014, Part 3) began on 1 September 2014: no decision,
# meeting or duty the service deals with is earlier; the clock's calendar runs to the end of 2099.
LAW_BEGAN = date(2014, 9, 1)
EARLIEST_BIRTH = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


class GovDateField(DateInputField):
    """A GOV.UK date input that never fails on what a person can type: a day of 99999999999999999999 or a year
    the service cannot reckon with is an error message on the field, in words a family understands."""

    def __init__(self, *, earliest: date = LAW_BEGAN, latest: date = LATEST, too_early: str | None = None,
                 **kwargs):
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest
        self.too_early = too_early or f"The date must be on or after {earliest:%-d %B %Y}. Check the year."

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError("Enter a real date, for example 27 3 2026", code="invalid") from error
        if value < self.earliest:
            raise forms.ValidationError(self.too_early, code="too_early")
        if value > self.latest:
            raise forms.ValidationError(f"The date must be before {self.latest.year + 1}. Check the year.",
                                        code="too_late")
        return value


SHORT_TEXT = 200
LONG_TEXT = 2000


class TextField(forms.CharField):
    """Free text as people type it, never longer than `max_length` (a reason: 2,000 characters) and without
    control characters. A long answer is an error that says how long it is, never silently cut short: text areas
    carry no maxlength attribute, so a pasted answer is kept to be shortened."""

    def __init__(self, *, max_length: int = LONG_TEXT, **kwargs):
        messages = {"max_length": "Enter %(limit_value)d characters or fewer (you entered %(show_value)d)"}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        return plain_text(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Textarea):
            attrs.pop("maxlength", None)
        return attrs
