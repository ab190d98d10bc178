"""The service's one wall-clock zone, and how times are written: every time a person sees or types is England's
local time, written the GOV.UK way (1:20am, 5pm, midday, midnight)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def moment_text(value: datetime) -> str:
    """6 December 2026 at 1:20am: a moment in England's time."""
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y} at {clock_time(value)}"


def clock_time(value: datetime | time) -> str:
    """5:05pm, 1pm, midday, midnight: a datetime is first put in England's time."""
    local = value.astimezone(LONDON) if isinstance(value, datetime) else value
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
