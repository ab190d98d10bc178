import dataclasses
import functools
from datetime import date, datetime, time
from decimal import Decimal

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from sendresolve.clock.output import long_date as _long_date
from sendresolve.core.money import pounds as _pounds
from sendresolve.core.timezones import clock_time, moment_text

register = template.Library()


@register.filter
def long_date(value) -> str:
    """Friday 27 February 2026: the date as the clock's messages write it."""
    return _long_date(value) if value else ""


@register.filter
def pounds(value) -> str:
    """£1,234.50: an amount of money as the service writes it (core.money)."""
    return _pounds(value)


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
    """A select's <option>s. The same lists (150 LAs on every queue page) come back request after request, so each
    list's options are escaped once per process and only the selected one is marked per request."""
    return _options_html(tuple((str(value), str(label)) for value, label in choices),
                         "" if selected is None else str(selected))


@functools.lru_cache(maxsize=256)
def _options_html(choices: tuple[tuple[str, str], ...], chosen: str) -> str:
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((value, mark_safe(" selected") if value == chosen else "", label)
                             for value, label in choices))


@register.filter
def case_url(reference: str) -> str:
    """A case page's address, for lists: the same as {% url 'case_detail' reference %} without resolving the URL
    patterns again for every row."""
    return _case_url_prefix() + iri_to_uri(str(reference)) + "/"


@functools.cache
def _case_url_prefix() -> str:
    return reverse("case_detail", args=["X"])[:-2]


# What a fragment may be given: values whose equality is their content, so that equal arguments render equal HTML.
_PLAIN = frozenset({str, int, bool, float, Decimal, date, datetime, time, type(None)})


@register.simple_tag
def fragment(template_name: str, **values) -> str:
    """A list row rendered from plain values, once per process for each distinct set of values.

    The rows of a work queue are the same request after request (every officer's first page shows the same 50
    lines), and rendering one through the template engine costs more than its share of the page's queries. The
    fragment's template sees only the values given here (no request, no user, no CSRF token), and every value must be
    plain data compared by content (text, numbers, dates, frozen dataclasses and tuples of them), never a model
    instance, whose equality is its primary key and not what it says: so a cached row can never show another
    person's data nor outlive a change to its own.
    """
    for name, value in values.items():
        if not _is_plain(value):
            raise TypeError(f"A fragment takes plain values compared by content; {name} is a {type(value).__name__}")
    return _fragment_html(template_name, tuple(sorted(values.items())))


@functools.lru_cache(maxsize=8192)
def _fragment_html(template_name: str, values: tuple) -> str:
    return mark_safe(get_template(template_name).render(dict(values)))


def _is_plain(value) -> bool:
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is tuple:
        return all(_is_plain(item) for item in value)
    fields = _frozen_dataclass_fields(kind)
    return fields is not None and all(_is_plain(getattr(value, field)) for field in fields)


@functools.cache
def _frozen_dataclass_fields(kind: type) -> tuple[str, ...] | None:
    if dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen:
        return tuple(field.name for field in dataclasses.fields(kind))
    return None
