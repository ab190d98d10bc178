"""Deadlines as plain data and as JSON, in the shape the `deadlines` contract promises."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sendresolve.clock.calendar import WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import Deadline
from sendresolve.clock.rules import RULES, Rule


def long_date(day: date) -> str:
    """A date as people read it: Friday 27 February 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _static_fields(rule: Rule) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "obligation": rule.obligation,
        "actor": rule.actor.value,
        "start_event": rule.start_event.value,
    }
    if rule.length is not None:
        fields["length"] = rule.length
    fields["unit"] = rule.unit.value
    fields["citation"] = rule.citation
    return fields


def warning_text(deadline: Deadline, calendar: WorkingCalendar | None = None) -> str | None:
    if deadline.act_by is None:
        return None
    calendar = calendar or default_calendar()
    reason = calendar.non_working_reason(deadline.due) or "not a working day"
    return (
        f"{long_date(deadline.due)} is not a working day ({reason}). The law does not move this date, "
        f"so act by {long_date(deadline.act_by)}."
    )


def deadline_as_dict(deadline: Deadline, calendar: WorkingCalendar | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"rule": deadline.rule.id, "due": deadline.due.isoformat()}
    if deadline.action is not None:
        data["action"] = deadline.action
    if deadline.agreed_weeks is not None:
        data["agreed_weeks"] = deadline.agreed_weeks
    if deadline.unadjusted is not None:
        data["unadjusted"] = deadline.unadjusted.isoformat()
        data["adjustment"] = (
            f"{long_date(deadline.unadjusted)} moved to {long_date(deadline.due)} by the Tribunal's "
            "rules for holidays, weekends, Christmas and August"
        )
    data.update(_static_fields(deadline.rule))
    if deadline.act_by is not None:
        data["act_by"] = deadline.act_by.isoformat()
        data["warning"] = warning_text(deadline, calendar)
    return data


class DeadlineEncoder:
    """Encodes deadlines to the same JSON as `deadline_as_dict`, from precomputed pieces.

    A deadline's text is its *head* (rule, date and what depends on the date) followed by its rule's
    *tail* (the fixed fields, serialised once per rule). Texts that depend on a date alone (warnings,
    the Tribunal's adjustment) are remembered per date.
    """

    def __init__(self, calendar: WorkingCalendar | None = None) -> None:
        self.calendar = calendar or default_calendar()
        self.tails = {rule_id: json.dumps(_static_fields(rule))[1:] for rule_id, rule in RULES.items()}
        self._warnings: dict[date, str] = {}
        self._adjustments: dict[tuple[date, date], str] = {}

    def encode(self, deadline: Deadline) -> str:
        return self.head(deadline) + ", " + self.tails[deadline.rule.id]

    def head(self, deadline: Deadline) -> str:
        text = '{"rule": "' + deadline.rule.id + '", "due": "' + deadline.due.isoformat() + '"'
        if deadline.action is not None:
            text += ', "action": "' + deadline.action + '"'
        if deadline.agreed_weeks is not None:
            text += ', "agreed_weeks": ' + str(deadline.agreed_weeks)
        if deadline.unadjusted is not None:
            key = (deadline.unadjusted, deadline.due)
            adjustment = self._adjustments.get(key)
            if adjustment is None:
                adjustment = self._adjustments[key] = self._fragment(deadline, ("unadjusted", "adjustment"))
            text += adjustment
        if deadline.act_by is not None:
            warning = self._warnings.get(deadline.due)
            if warning is None:
                warning = self._warnings[deadline.due] = self._fragment(deadline, ("act_by", "warning"))
            text += warning
        return text

    def _fragment(self, deadline: Deadline, keys: tuple[str, ...]) -> str:
        data = deadline_as_dict(deadline, self.calendar)
        return ", " + json.dumps({key: data[key] for key in keys})[1:-1]
