"""Where the apps above cases plug into it, so that cases never imports them (ADR 12, the layers contract in
`.importlinter`). Each app registers what it adds in its `AppConfig.ready()`; cases only calls what is here.

A registry left empty fails safe: no panel, no extra deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendresolve.accounts.models import User
    from sendresolve.cases.models import Case, CaseDeadline
    from sendresolve.clock import WorkingCalendar

# Each returns the template context its part of the case page needs (meetings, then the agreement).
CASE_PANELS: list[Callable[[User, Case], dict[str, Any]]] = []

# Each returns extra stored deadline rows for a case (the agreed plan's duties), from the service calendar.
DEADLINE_SOURCES: list[Callable[[Case, WorkingCalendar], list[CaseDeadline]]] = []

# Rule-id prefixes of deadlines that stay in the work queue until met, whatever happens to the case.
STANDING_RULE_PREFIXES: list[str] = []

# Each returns sentences the family reads about a case's meeting, on the meeting page and in their invitation (what
# they can claim for coming to it).
MEETING_FAMILY_NOTES: list[Callable[[Case], list[str]]] = []


def register(registry: list, *items: Any) -> None:
    """Adds each item once, so that a second `ready()` (some test runners call it) does not double a panel."""
    registry.extend(item for item in items if item not in registry)


def case_panels(user: User, case: Case) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for panel in CASE_PANELS:
        context.update(panel(user, case))
    return context


def meeting_family_notes(case: Case) -> list[str]:
    return [note for source in MEETING_FAMILY_NOTES for note in source(case)]


def extra_deadline_rows(case: Case, calendar: WorkingCalendar) -> list[CaseDeadline]:
    return [row for source in DEADLINE_SOURCES for row in source(case, calendar)]


def is_standing_rule(rule: str) -> bool:
    return rule.startswith(tuple(STANDING_RULE_PREFIXES))
