import functools

from django import template
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from sendresolve.clock.output import long_date as _long_date
from sendresolve.core.timezones import clock_time, moment_text

register = template.Library()


@register.filter
def long_date(value) -> str:
    """Friday 27 February 2026: the date as the clock's messages write it."""
    return _long_date(value) if value else ""


@register.filter
def moment(value) -> str:
    """6 December 2026 at 1:20am: a moment in England's time, in GOV.UK style."""
    if not value:
        return ""
    return moment_text(value)


@register.filter
def clock(value) -> str:
    """1:20am, midday: a time of day in GOV.UK style."""
    return clock_time(value) if value else ""


@register.simple_tag
def options(choices, selected) -> str:
    """A select's <option>s, one Python loop instead of a template loop per option (150 LAs on every queue page)."""
    chosen = "" if selected is None else str(selected)
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((value, mark_safe(" selected") if str(value) == chosen else "", label)
                             for value, label in choices))


@register.filter
def case_url(reference: str) -> str:
    """A case page's address, for lists: the same as {% url 'case_detail' reference %} without resolving the URL
    patterns again for every row."""
    return _case_url_prefix() + iri_to_uri(str(reference)) + "/"


@functools.cache
def _case_url_prefix() -> str:
    return reverse("case_detail", args=["X"])[:-2]
