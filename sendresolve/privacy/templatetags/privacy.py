"""How an export's stored values read in its summary: ISO dates and moments in the GOV.UK style."""

from datetime import date, datetime

from django import template

from sendresolve.clock.output import long_date
from sendresolve.core.timezones import moment_text

register = template.Library()


@register.filter
def when(value) -> str:
    """'2026-12-06T01:20:00+00:00' as 6 December 2026 at 1:20am; '2026-12-06' as Sunday 6 December 2026."""
    if not value:
        return ""
    try:
        if "T" in value:
            return moment_text(datetime.fromisoformat(value))
        return long_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)
