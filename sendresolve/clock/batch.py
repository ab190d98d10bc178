"""Answering many cases fast, for the `deadlines` command.

Every date still comes from the clock: the plan from `plan_for` and `action_steps`, each deadline from the
rules' own functions through `HeadTables`. What this module adds is memory and bulk: a batch repeats a few
thousand distinct values across a million cases, and on CPython a loop run inside C (`map`, `zip`, `str.join`)
costs a fraction of the same loop written in Python.

- `answer` takes one case the full way: it validates every field (naming the bad one) and works out each
  deadline. When the case was valid it remembers the case's *plan* under its *shape key*: its field names
  in order and the exact values of the fields that choose rules (issues, flags, agreed actions).
- `answer_many` takes a list of cases: their shape keys in one pass, then each case's plan, which is a small
  function written for that plan (`_line_function`): it looks each of the case's dates up once (its day
  offset in the calendar) and picks the heads of its rules from the tables by that offset, as the pieces
  of its line. A case is left to `answer` when its shape is new or when a piece it needs is missing (None):
  a date string not yet known to be valid, a null, a month not yet worked out.

A remembered plan can be trusted for another case of the same shape only because every date field of the
shape is checked by a piece: by the head of a rule the date starts, for T9 by its limbs, and otherwise by
a piece that exists only for a valid date. Agreed timescales (T13) vary too much to share plans by value:
a case with some is looked up again under a key with their weeks blanked out (`timescale_skeleton`), its
weeks checked one by one, and its T13 heads worked out for it alone.
"""

from __future__ import annotations

import marshal
import sys
from datetime import date
from itertools import compress, repeat
from json import dumps
from json.encoder import encode_basestring_ascii
from operator import attrgetter, call, contains, is_
from types import CodeType, FunctionType

from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar
from sendresolve.clock.deadlines import (
    AgreedAction,
    CaseEvents,
    CaseShape,
    NoticeRule,
    Step,
    action_steps,
    agreed_timescale_deadline,
    issue_mix,
    plan_for,
)
from sendresolve.clock.output import DeadlineEncoder, HeadTables
from sendresolve.clock.parsing import DATE_FIELDS, MAX_AGREED_WEEKS, read_record
from sendresolve.clock.rules import RULES

_MAX_PLANS = 20_000
_MAX_TIMESCALES = 3  # agreed timescales in one case that `answer_many` takes; more go through `answer`

_get = dict.get
_SHAPE_FIELDS = ("issues", "placement_only", "la_party", "agreed_actions")
_LIMBS = (("T9.A", "notice_sent"), ("T9.B", "certificate_issued"))
_RULE_ID = attrgetter("rule_id")


def _no_line(record, *timescales) -> tuple:
    """The line of a case whose shape has no plan: missing."""
    return (None,)


def _json_id(case_id) -> str:
    # Most ids are strings: the C string escaper is many times cheaper than json.dumps.
    return encode_basestring_ascii(case_id) if case_id.__class__ is str else dumps(case_id)


def shape_keys(records: list) -> list[tuple]:
    """Each record's shape key: its field names in order and its values of the fields that choose rules.

    The values are marshalled, which is exact (true, 1 and "1" give different bytes) and, at version 2,
    which writes no back-references, gives equal values equal bytes.
    """
    values = zip(*(map(_get, records, repeat(field)) for field in _SHAPE_FIELDS), strict=True)
    return list(zip(map(tuple, records), map(marshal.dumps, values, repeat(2)), strict=True))


def shape_key(record: dict, actions) -> tuple:
    """The shape key `shape_keys` gives `record`, but with `actions` for its agreed actions."""
    get = record.get
    return tuple(record), marshal.dumps((get("issues"), get("placement_only"), get("la_party"), actions), 2)


def timescale_skeleton(actions) -> tuple[list, list[AgreedAction]] | None:
    """The agreed actions with the weeks of each agreed timescale blanked out, and those timescales in order.

    The blank is Ellipsis, which no JSON value is, so a skeleton never equals real actions. None when the
    skeleton could not vouch for the case: not a list, weeks that are not valid, more than
    _MAX_TIMESCALES timescales, or two of one kind (whether they are one step or two depends on their weeks).
    """
    if actions.__class__ is not list:
        return None
    skeleton, timescales, kinds = [], [], []
    for item in actions:
        weeks = None if item.__class__ is str else item.get("agreed_weeks") if item.__class__ is dict else None
        if weeks is None:
            skeleton.append(item)
            continue
        kind = item.get("kind")
        if weeks.__class__ is not int or not 1 <= weeks <= MAX_AGREED_WEEKS or kind in kinds:
            return None
        kinds.append(kind)
        skeleton.append(item | {"agreed_weeks": ...})
        timescales.append(AgreedAction(kind, weeks))
    return (skeleton, timescales) if len(timescales) <= _MAX_TIMESCALES else None


class BatchClock:
    def __init__(self, calendar: WorkingCalendar, notice_rule: NoticeRule) -> None:
        self.calendar = calendar
        self.notice_rule = notice_rule
        self.encoder = DeadlineEncoder(calendar)
        self.heads = heads = HeadTables(self.encoder, notice_rule)
        # The globals of the plans' line functions (`_line_function`).
        self._names: dict[str, object] = {
            "days": heads.offsets, "valid": heads.valid, "limb_a": heads.limbs["T9.A"],
            "limb_b": heads.limbs["T9.B"], "encode": encode_basestring_ascii, "dumps": dumps,
        }
        # Per shape key: its plan's line function, which plans alike share; and the code of each form of plan.
        self._plans: dict[tuple, FunctionType] = {}
        self._line_functions: dict[tuple, FunctionType] = {}
        self._codes: dict[str, CodeType] = {}

    # -- one case, the full way ---------------------------------------------------------------------------

    def answer(self, record) -> str:
        """One output line. Raises CaseInputError or DateOutOfRange for a bad case."""
        case_id, values, events = read_record(record)
        case = CaseEvents(**values)
        plan = plan_for(CaseShape(events, issue_mix(case.issues), case.placement_only, case.la_party))
        steps = plan + tuple(action_steps(case.agreed_actions)) if case.agreement_date else plan
        tails = self.encoder.tails
        parts = [self._head(step, case) + ", " + tails[step.rule_id] for step in steps]
        # Only a shape whose every date field was given (not null) can vouch for the next case of its shape.
        if len(events) == len(DATE_FIELDS.intersection(record)):
            self._remember(record, case, events, steps)
        return '{"id": ' + _json_id(case_id) + ', "deadlines": [' + ", ".join(parts) + "]}"

    def _head(self, step: Step, case: CaseEvents) -> str:
        rule_id, heads = step.rule_id, self.heads
        if rule_id == "T13":  # depends on the agreed weeks too: worked out each time
            return self.encoder.head(agreed_timescale_deadline(case.agreement_date, step.action, self.calendar))
        if rule_id == "T9":  # the later limb's end, then the Tribunal's adjustment of it
            end = max(heads.limb_end(limb, getattr(case, field))
                      for limb, field in _LIMBS if getattr(case, field) is not None)
            return heads.head("T9", date.fromordinal(end))
        return heads.head(rule_id, getattr(case, step.start))

    def _remember(self, record: dict, case: CaseEvents, events: tuple[str, ...], steps: tuple[Step, ...]) -> None:
        rule_ids = tuple(map(_RULE_ID, steps))
        actions = record.get("agreed_actions")
        if "T13" in rule_ids:
            found = timescale_skeleton(actions)
            if found is None or len(found[1]) != rule_ids.count("T13"):
                return
            actions = found[0]
        # A date that no rule starts (nor T9's limbs) is checked on its own, by a piece that is empty when valid.
        checked = {RULES[rule_id].start_event.value for rule_id in rule_ids if rule_id != "T9"}
        limbs = tuple(field for _, field in _LIMBS if field in events) if "T9" in rule_ids else ()
        unchecked = tuple(field for field in events if field not in checked and field not in limbs)
        for field in unchecked:
            self.heads.know(getattr(case, field))
        if len(self._plans) >= _MAX_PLANS:
            self._plans.clear()
            self._line_functions.clear()
        shape = (rule_ids, unchecked, limbs)
        line = self._line_functions.get(shape) or self._line_function(*shape)
        # The field names are interned: the key then shares them with every other plan's.
        layout, values = shape_key(record, actions)
        self._plans[(tuple(map(sys.intern, layout)), values)] = line

    def _line_function(self, rule_ids: tuple[str, ...], unchecked: tuple[str, ...], limbs: tuple[str, ...]):
        """The function that gives the pieces of the line of a case of this plan, from the case and its T13 heads.

        Written out as source: straight-line look-ups cost a fraction of a generic loop over the plan. The
        tables, texts and date field names it uses are its parameters' defaults (p0, p1...), so plans of the
        same form share one compiled code object (compiling is slow). The source names nothing from the input.
        A missing piece is None, which the caller looks for.
        """
        days: dict[str, str] = {}  # date field: local name of its day offset
        values: list[object] = []  # what the parameters p0, p1... stand for

        def day(field: str) -> str:
            return days.setdefault(field, f"day{len(days)}")

        def value(of: object) -> str:
            values.append(of)
            return f"p{len(values) - 1}"

        heads, tails = self.heads.heads, self.encoder.tails
        pieces = ["'{\"id\": '", "(encode(i) if (i := record['id']).__class__ is str else dumps(i))"]
        pieces.append("', \"deadlines\": ['" if rule_ids else "', \"deadlines\": []}\\n'")
        ends = []
        if "T9" in rule_ids:  # the later limb's end, as an offset in the T9 table
            ends.append(f"end = limb_{'a' if limbs[0] == 'notice_sent' else 'b'}[{day(limbs[0])}]")
            if len(limbs) == 2:
                ends += [f"later = limb_b[{day(limbs[1])}]", "if later > end: end = later"]
        timescales = 0
        for number, rule_id in enumerate(rule_ids):
            if rule_id == "T13":
                pieces.append(f"timescale{timescales}")
                timescales += 1
            else:
                offset = "end" if rule_id == "T9" else day(RULES[rule_id].start_event.value)
                pieces.append(f"{value(heads[rule_id])}[{offset}]")
            # The rule's fixed fields, then the separator of the next deadline or the end of the line.
            pieces.append(value(", " + tails[rule_id] + (", " if number < len(rule_ids) - 1 else "]}\n")))
        pieces += [f"valid[{day(field)}]" for field in unchecked]
        lookups = [f"{name} = days[record[{value(field)}]]" for field, name in days.items()]
        source = "\n    ".join([
            f"def line(record, {', '.join(f'timescale{n}' for n in range(_MAX_TIMESCALES))}, "
            f"{', '.join(f'p{n}' for n in range(len(values)))}):",
            *lookups, *ends, f"return ({', '.join(pieces)},)",
        ])
        code = self._codes.get(source)
        if code is None:
            scope: dict[str, object] = {}
            exec(source, self._names, scope)  # noqa: S102 - source built above from fixed names only
            code = self._codes[source] = scope["line"].__code__
        line = FunctionType(code, self._names, "line", tuple(values))
        line.timescales = timescales
        self._line_functions[(rule_ids, unchecked, limbs)] = line
        return line

    # -- many cases at once -----------------------------------------------------------------------------

    def answer_many(self, records: list) -> tuple[list[tuple[str, ...] | None], list[int]]:
        """Each record's output line as pieces to join, newline included, or None where it must go through
        `answer`; and where those are."""
        if not records:
            return [], []
        if list(map(type, records)).count(dict) != len(records):  # a line that is a JSON value but no object
            records = [record if record.__class__ is dict else {} for record in records]  # {}: no plan, no id
        lines = list(map(self._plans.get, shape_keys(records), repeat(_no_line)))
        timescales = [repeat(None)] * _MAX_TIMESCALES
        if any(map(is_, lines, repeat(_no_line))):
            timescales = self._timescale_plans(records, lines) or timescales
        try:
            lines = list(map(call, lines, records, *timescales))
        except TypeError:  # a list or an object given for a date: not hashable, so not a date; rare
            lines = list(map(_line_or_none, lines, records, *timescales))
        pending = list(compress(range(len(records)), map(contains, lines, repeat(None))))
        for index in pending:
            lines[index] = None
        return lines, pending

    def _timescale_plans(self, records: list, lines: list) -> list[list[str | None]] | None:
        """Line functions, and T13 heads, for the records with agreed timescales whose skeleton has a plan."""
        heads, columns, plans, encoder, calendar = self.heads, None, self._plans, self.encoder, self.calendar
        for index in compress(range(len(records)), map(is_, lines, repeat(_no_line))):
            record = records[index]
            found = timescale_skeleton(record.get("agreed_actions"))
            if found is None or not found[1]:
                continue
            line = plans.get(shape_key(record, found[0]))
            if line is None:
                continue
            if line.timescales:
                raw = record["agreement_date"]
                agreed = heads.offsets[raw] if raw.__hash__ else heads.unknown
                if agreed >= heads.span:  # a date not known to be valid
                    continue
                day = date.fromordinal(heads.first_ordinal + agreed)
                try:
                    texts = [encoder.head(agreed_timescale_deadline(day, action, calendar)) for action in found[1]]
                except DateOutOfRange:
                    continue
                if columns is None:
                    columns = [[None] * len(records) for _ in range(_MAX_TIMESCALES)]
                for column, text in zip(columns, texts, strict=False):
                    column[index] = text
            lines[index] = line
        return columns


def _line_or_none(line, record, *timescales) -> tuple:
    try:
        return line(record, *timescales)
    except TypeError:  # left to `answer`
        return (None,)
