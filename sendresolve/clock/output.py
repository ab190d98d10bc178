"""Deadlines as plain data and as JSON, in the shape the `deadlines` contract promises."""

from __future__ import annotations

import json
from calendar import monthrange
from collections import OrderedDict
from datetime import date
from typing import Any

from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import (
    APPEAL_LIMB_MONTHS,
    Deadline,
    NoticeRule,
    adjusted_appeal_deadline,
    appeal_limb_end,
    counted_deadline,
    counted_notice_deadline,
)
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
        self._dues: dict[date, str] = {}  # date.isoformat goes through printf: many times dearer than a look-up

    def encode(self, deadline: Deadline) -> str:
        return self.head(deadline) + ", " + self.tails[deadline.rule.id]

    def head(self, deadline: Deadline) -> str:
        due = self._dues.get(deadline.due)
        if due is None:
            due = self._dues[deadline.due] = '", "due": "' + deadline.due.isoformat() + '"'
        text = '{"rule": "' + deadline.rule.id + due
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


class _DayOffsets(dict):
    """Date strings to day offsets; any other key gives `unknown`, without being stored."""

    def __init__(self, unknown: int) -> None:
        super().__init__()
        self.unknown = unknown

    def __missing__(self, key) -> int:
        return self.unknown


class HeadTables:
    """The head of each deadline's text, per rule and start day, for a batch of cases.

    A list per rule indexed by the day's offset in the calendar (for T9, the offset of its later limb's
    end), and a list per appeal limb ("T9.A", "T9.B") from the start day's offset to the limb end's offset,
    so that the batch looks a case's date string up once (`offsets`) and then only indexes lists. Two
    slots follow the days: `unknown`, for a date string not (yet) in `offsets`, and `absent`, for none.

    A missing head fills the whole month around it: a batch meets nearly every day of the months it meets,
    and a month at once is far cheaper than a call per case. Every value comes from the clock's own
    functions; a day they reject is left empty, so its case takes the full path and gets the library's
    error. Months are forgotten oldest first, so memory is bounded whatever the input.
    """

    MAX_ENTRIES = 400_000  # heads of about 150 bytes: some 60 MB at most
    LIMBS = tuple(APPEAL_LIMB_MONTHS)

    def __init__(self, encoder: DeadlineEncoder, notice_rule: NoticeRule) -> None:
        self.encoder = encoder
        self.calendar = calendar = encoder.calendar
        self.notice_rule = notice_rule
        self.first_ordinal = calendar.first_ordinal
        self.span = span = calendar.last_ordinal - calendar.first_ordinal + 1
        self.unknown, self.absent = span, span + 1
        # A date string of the calendar's span, for every month any table has filled: its day's offset.
        self.offsets = _DayOffsets(self.unknown)
        # T13 is left out: its length is agreed per case.
        self.heads: dict[str, list[str | None]] = {
            rule_id: [None] * (span + 2) for rule_id, rule in RULES.items() if rule.length is not None
        }
        # A limb whose end is not known is `unknown`, beyond every real end, so that the later end is too;
        # an absent limb is -1, before every real end (and -1 indexes the `absent` slot, which is empty).
        self.limbs = {limb: [self.unknown] * (span + 1) + [-1] for limb in self.LIMBS}
        self.valid = [""] * span + [None, None]  # "" (adds nothing to a line) for a date that is valid
        self._filled: OrderedDict[tuple[str, int, int], int] = OrderedDict()  # month: entries made; oldest first
        self._entries = 0
        self._months: dict[tuple[int, int], list[tuple[str, date, int]]] = {}

    def head(self, rule_id: str, day: date) -> str:
        """The head of `rule_id` starting on `day` (for T9, its later limb's end); raises as the library does."""
        offset = day.toordinal() - self.first_ordinal
        if 0 <= offset < self.span:
            heads = self.heads[rule_id]
            if heads[offset] is None:
                self._fill(rule_id, day.year, day.month)
            if heads[offset] is not None:
                return heads[offset]
        return self._work_out(rule_id, day)  # outside the calendar, or a day the rules reject

    def limb_end(self, limb: str, day: date) -> int:
        """The ordinal of the end of an appeal limb starting on `day`, its month filled on the way."""
        if 0 <= day.toordinal() - self.first_ordinal < self.span:
            self._fill(limb, day.year, day.month)
        return appeal_limb_end(limb, day).toordinal()

    def know(self, day: date) -> None:
        """Makes `day`'s date string known to `offsets` (a date that no head or limb checks)."""
        if 0 <= day.toordinal() - self.first_ordinal < self.span:
            self._month(day.year, day.month)

    def _work_out(self, rule_id: str, day: date) -> str:
        return self._worker(rule_id)(day)

    def _worker(self, rule_id: str):
        """What works out the head of `rule_id` from its start day (T9: from its later limb's end)."""
        encoder, calendar = self.encoder, self.calendar
        if rule_id == "T9":
            return lambda day: encoder.head(adjusted_appeal_deadline(day, calendar))
        if rule_id == "T5":
            return lambda day: encoder.head(counted_notice_deadline(day, self.notice_rule, calendar))
        return lambda day: encoder.head(counted_deadline(rule_id, day, calendar))

    def _fill(self, name: str, year: int, month: int) -> None:
        if (name, year, month) in self._filled:
            return
        made = 0
        if name in self.limbs:
            limb_ends, first, span = self.limbs[name], self.first_ordinal, self.span
            for _, day, offset in self._month(year, month):
                end = appeal_limb_end(name, day).toordinal() - first
                limb_ends[offset] = end if end < span else self.unknown  # T9 beyond the calendar: full path
                made += 1
        else:
            heads, work = self.heads[name], self._worker(name)
            for _, day, offset in self._month(year, month):
                try:
                    heads[offset] = work(day)
                except DateOutOfRange:
                    continue
                made += 1
        self._filled[(name, year, month)] = made
        self._entries += made
        while self._entries > self.MAX_ENTRIES:
            self._forget_oldest_month()

    def _forget_oldest_month(self) -> None:
        (name, year, month), made = self._filled.popitem(last=False)
        values, empty = (self.limbs[name], self.unknown) if name in self.limbs else (self.heads[name], None)
        for _, _, offset in self._month(year, month):
            values[offset] = empty
        self._entries -= made

    def _month(self, year: int, month: int) -> list[tuple[str, date, int]]:
        """Each day of a month in the calendar as its text, date and offset, its texts then known to `offsets`.

        Kept, as every table uses it.
        """
        days = self._months.get((year, month))
        if days is None:
            first = date(year, month, 1).toordinal()
            days = self._months[(year, month)] = [
                (day.isoformat(), day, day.toordinal() - self.first_ordinal)
                for day in map(date.fromordinal, range(first, first + monthrange(year, month)[1]))
            ]
            self.offsets.update((raw, offset) for raw, _, offset in days)
        return days
