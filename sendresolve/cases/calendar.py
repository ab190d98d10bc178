"""The one working-day calendar every page and job uses: England and Wales bank holidays from the `holidays`
package, with the administrators' overrides (HolidayOverride) on top.

Building a calendar takes about a quarter of a second, so each process keeps one per set of overrides, and reads
the overrides again at most once a minute (`HOLIDAY_OVERRIDES_REREAD_SECONDS`), and at once after a change made in
the same process; a change made elsewhere reaches every process within a minute, and the worker recomputes the
stored deadlines it touches.
"""

from __future__ import annotations

import time

from django.conf import settings

from sendresolve.clock import WorkingCalendar, default_calendar

_calendars: dict[tuple, WorkingCalendar] = {}
_state = {"overrides": (), "read_at": float("-inf")}


def service_calendar() -> WorkingCalendar:
    from sendresolve.cases.models import HolidayOverride

    every = settings.HOLIDAY_OVERRIDES_REREAD_SECONDS  # None: only after `forget_overrides` (the tests)
    stale = _state["read_at"] == float("-inf") or (every is not None and time.monotonic() - _state["read_at"] > every)
    if stale:
        _state["overrides"] = tuple(HolidayOverride.objects.order_by("day").values_list("day", "kind"))
        _state["read_at"] = time.monotonic()
    overrides = _state["overrides"]
    if not overrides:
        return default_calendar()
    calendar = _calendars.get(overrides)
    if calendar is None:
        _calendars.clear()
        calendar = _calendars[overrides] = WorkingCalendar(
            extra_holidays=[day for day, kind in overrides if kind == "extra"],
            cancelled_holidays=[day for day, kind in overrides if kind == "not_a_holiday"])
    return calendar


def forget_overrides() -> None:
    """Read the overrides again on next use (after this process changed them)."""
    _state["read_at"] = float("-inf")
