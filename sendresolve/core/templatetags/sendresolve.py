from django import template

from sendresolve.clock.output import long_date as _long_date
from sendresolve.core.timezones import LONDON

register = template.Library()


@register.filter
def long_date(value) -> str:
    """Friday 27 February 2026: the date as the clock's messages write it."""
    return _long_date(value) if value else ""


@register.filter
def moment(value) -> str:
    """6 December 2026 at 1:20am: a moment in England's time, in GOV.UK style (midday, midnight, no ':00')."""
    if not value:
        return ""
    local = value.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{_long_date(local.date()).split(' ', 1)[1]} at {clock}"
