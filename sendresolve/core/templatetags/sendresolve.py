from django import template

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
