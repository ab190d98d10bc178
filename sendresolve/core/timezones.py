"""The service's one wall-clock zone: every time a person sees or types is in England's local time."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
