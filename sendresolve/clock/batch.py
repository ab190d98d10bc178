"""Answering many cases fast, for the `deadlines` command.

Every date still comes from the clock: the plan from `plan_for` and `action_steps`, each deadline from the
rules' own functions through `HeadTables`. What this module adds is memory and bulk: a batch repeats a few
thousand distinct values across a million cases, and on CPython a loop run inside C (`map`, `zip`,
`itemgetter`, `str.join`) costs a fraction of the same loop written in Python.

- `answer` takes one case the full way: it validates every field (naming the bad one) and works out each
  deadline. When the case was valid it remembers the case's *plan* under its *shape key*: its field names
  in order and the exact values of the fields that choose rules (issues, flags, agreed actions).
- `answer_many` takes a list of cases column by column: their shape keys; each date field's offset in the
  calendar, looked up once by its string; for each rule a column of heads indexed by those offsets. Each
  case's plan then picks its pieces (an itemgetter) from the columns, and the pieces are joined into its
  line. A case is left to `answer` when its shape is new or when a piece it needs is missing: a date
  string not yet known to be valid, a null, a month not yet worked out.

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
from functools import reduce
from itertools import compress, repeat
from json import dumps
from json.encoder import encode_basestring_ascii
from operator import attrgetter, call, contains, is_, itemgetter, or_

from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar
from sendresolve.clock.deadlines import (
    APPEAL_START,
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
_ABSENT = object()  # a field the case does not have; unlike a null, it needs no check
_SHAPE_FIELDS = ("issues", "placement_only", "la_party", "agreed_actions")
_LIMBS = (("T9.A", "notice_sent"), ("T9.B", "certificate_issued"))

# The columns a plan picks its pieces from: the id, the head of each rule (T13 aside), the check of each
# date field, the fixed text around them, and a column of None (what a shape with no plan picks).
_HEAD_RULES = tuple(rule_id for rule_id, rule in RULES.items() if rule.length is not None)
_CHECKS = tuple(f"valid:{field}" for field in sorted(DATE_FIELDS))
_TIMESCALES = tuple(f"T13#{number}" for number in range(_MAX_TIMESCALES))  # a case's 1st, 2nd... T13 head
_TAILS = tuple(f"tail:{rule_id}" for rule_id in (*_HEAD_RULES, "T13"))
_COLUMNS = ("id", *_HEAD_RULES, *_TIMESCALES, *_CHECKS, "open", "deadlines", "comma", "close", *_TAILS, "none")
_INDEX = {name: index for index, name in enumerate(_COLUMNS)}
_NO_PLAN = (itemgetter(_INDEX["none"], _INDEX["none"]), 0)
# The date fields whose validity a rule's head vouches for.
_CHECKED_BY = {rule_id: frozenset({rule.start_event.value}) for rule_id, rule in RULES.items()} | {
    "T9": frozenset(APPEAL_START.split("|"))
}
_RULE_ID = attrgetter("rule_id")
_BITS = [1 << index for index in range(len(_COLUMNS))]  # a plan's columns, as the bits of one int
_HAS_TIMESCALE = _BITS[_INDEX["T13#0"]]


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
        weeks = item.get("agreed_weeks") if item.__class__ is dict else None
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
        self.heads = HeadTables(self.encoder, notice_rule)
        self.heads.offsets[_ABSENT] = self.heads.absent
        self._texts = {"open": '{"id": ', "deadlines": ', "deadlines": [', "comma": ", ", "close": "]}\n"} | {
            f"tail:{rule_id}": ", " + self.encoder.tails[rule_id] for rule_id in (*_HEAD_RULES, "T13")
        }
        # Per shape key: the plan's picker of pieces and the columns it picks from (bit i for column i).
        self._plans: dict[tuple, tuple[itemgetter, int]] = {}
        self._pickers: dict[tuple, tuple[itemgetter, int]] = {}  # the same, per rules and unchecked dates

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
        checked = frozenset().union(*map(_CHECKED_BY.__getitem__, rule_ids))
        unchecked = tuple(field for field in events if field not in checked)
        for field in unchecked:
            self.heads.know(getattr(case, field))
        if len(self._plans) >= _MAX_PLANS:
            self._plans.clear()
            self._pickers.clear()
        picker = self._pickers.get((rule_ids, unchecked)) or self._picker(rule_ids, unchecked)
        # The field names are interned: the key then shares them with every other plan's.
        layout, values = shape_key(record, actions)
        self._plans[(tuple(map(sys.intern, layout)), values)] = picker

    def _picker(self, rule_ids: tuple[str, ...], unchecked: tuple[str, ...]) -> tuple[itemgetter, int]:
        """A plan's picker of pieces and its columns (as bits), for its rules and the dates they leave unchecked."""
        names, timescales = ["open", "id", "deadlines"], iter(_TIMESCALES)
        for number, rule_id in enumerate(rule_ids):
            head = next(timescales) if rule_id == "T13" else rule_id
            names += [*(["comma"] if number else []), head, f"tail:{rule_id}"]
        names += ["close", *(f"valid:{field}" for field in unchecked)]
        columns = list(map(_INDEX.__getitem__, names))
        picker = (itemgetter(*columns), reduce(or_, map(_BITS.__getitem__, columns)))
        self._pickers[(rule_ids, unchecked)] = picker
        return picker

    # -- many cases, column by column -------------------------------------------------------------------

    def answer_many(self, records: list) -> tuple[list[tuple[str, ...] | None], list[int]]:
        """Each record's output line as pieces to join, newline included, or None where it must go through
        `answer`; and where those are."""
        if not records:
            return [], []
        try:
            plans = list(map(self._plans.get, shape_keys(records), repeat(_NO_PLAN)))
            timescales = self._timescale_plans(records, plans) if any(map(is_, plans, repeat(_NO_PLAN))) else None
            needed = reduce(or_, set(map(itemgetter(1), plans)), 0)
            raw_ids = list(map(_get, records, repeat("id")))
            try:
                ids = list(map(encode_basestring_ascii, raw_ids))
            except TypeError:  # an id that is not a string
                ids = list(map(_json_id, raw_ids))
            getters: dict[str, itemgetter] = {}

            def at_days(field: str) -> itemgetter:
                """What picks, from a table by day offset, each record's entry for its date `field`."""
                getter = getters.get(field)
                if getter is None:
                    raws = list(map(_get, records, repeat(field), repeat(_ABSENT)))
                    getter = getters[field] = _getter(_getter(raws)(self.heads.offsets))
                return getter

            columns = [self._column(name, at_days, timescales) if needed >> index & 1 else repeat(None)
                       for index, name in enumerate(_COLUMNS) if index]
            lines = list(map(call, map(itemgetter(0), plans), zip(ids, *columns, strict=False)))
        except (TypeError, ValueError):  # a record that is not an object, a date value that is a list...
            return [None] * len(records), list(range(len(records)))
        pending = list(compress(range(len(records)), map(contains, lines, repeat(None))))
        for index in pending:
            lines[index] = None
        return lines, pending

    def _timescale_plans(self, records: list, plans: list) -> list[list[str | None]] | None:
        """Plans, and T13 heads, for the records with agreed timescales whose skeleton has a plan."""
        heads, columns, known_plans, encoder, calendar = self.heads, None, self._plans, self.encoder, self.calendar
        for index in compress(range(len(records)), map(is_, plans, repeat(_NO_PLAN))):
            record = records[index]
            found = timescale_skeleton(record.get("agreed_actions"))
            if found is None or not found[1]:
                continue
            plan = known_plans.get(shape_key(record, found[0]))
            if plan is None:
                continue
            if plan[1] & _HAS_TIMESCALE:
                agreed = heads.offsets[record["agreement_date"]]
                if agreed >= heads.span:  # a date not known to be valid
                    continue
                day = date.fromordinal(heads.first_ordinal + agreed)
                try:
                    texts = [encoder.head(agreed_timescale_deadline(day, action, calendar)) for action in found[1]]
                except DateOutOfRange:
                    continue
                if columns is None:
                    columns = [[None] * len(records) for _ in _TIMESCALES]
                for column, text in zip(columns, texts, strict=False):
                    column[index] = text
            plans[index] = plan
        return columns

    def _column(self, name: str, at_days, timescales: list | None):
        """One column: each record's piece of that name (None where it has none)."""
        heads = self.heads
        if name in self._texts:
            return repeat(self._texts[name])
        if name in _TIMESCALES:
            return repeat(None) if timescales is None else timescales[_TIMESCALES.index(name)]
        if name.startswith("valid:"):
            return at_days(name.removeprefix("valid:"))(heads.valid)
        if name == "T9":  # by the later limb's end
            ends = (at_days(field)(heads.limbs[limb]) for limb, field in _LIMBS)
            return _getter(list(map(max, *ends)))(heads.heads["T9"])
        return at_days(RULES[name].start_event.value)(heads.heads[name])


def _getter(keys: list):
    """What picks `keys` from a table in one C call, always as a tuple (a lone key too)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda table: (table[key],)
    return itemgetter(*keys)
