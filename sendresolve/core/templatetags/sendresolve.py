from django import template

from sendresolve.clock.output import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value) -> str:
    """Friday 27 February 2026: the date as the clock's messages write it."""
    return _long_date(value) if value else ""
