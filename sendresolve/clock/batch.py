"""Answering many cases fast, for the `deadlines` command.

Every date still comes from `compute_deadlines`' plan (`plan_for`) and step function (`step_deadline`).
What this module adds is memory, because a batch repeats a few thousand distinct values across a
million cases:

- the plan, per *raw key* of a record: its event names and the exact values of the fields that choose
  rules (issues and flags; agreed actions are read for each record, as their variety is endless).
  A raw key is remembered only after the record it came from
  was fully validated, so a record whose key is known and whose date strings are all known-good needs
  no further checks;
- the head of each deadline's JSON text, per step and raw start date; for the appeal deadline, per the
  end of its later limb. T13 (an agreed timescale) is computed each time.

Anything not seen before goes through the full path (`read_record`, `step_deadline`), which validates
and names the bad field. Both paths give the same text (tested).
"""

from __future__ import annotations

from datetime import date
from json import dumps
from json.encoder import encode_basestring_ascii

from sendresolve.clock.calendar import WorkingCalendar
from sendresolve.clock.deadlines import (
    AgreedAction,
    CaseEvents,
    CaseShape,
    NoticeRule,
    Step,
    action_steps,
    agreed_timescale_deadline,
    appeal_limbs_end,
    issue_mix,
    plan_for,
    step_deadline,
)
from sendresolve.clock.output import DeadlineEncoder
from sendresolve.clock.parsing import DATE_FIELDS, MAX_AGREED_WEEKS, known_date, parse_actions, read_record

_MAX_HEADS = 250_000  # heads of about 100 bytes: about 50 MB with their keys
_MAX_PLANS = 20_000
_FLAGS = ("placement_only", "la_party")


def _json_id(case_id) -> str:
    # Most ids are strings: the C string escaper is many times cheaper than json.dumps.
    return encode_basestring_ascii(case_id) if case_id.__class__ is str else dumps(case_id)


def _actions_shape(actions) -> tuple[tuple | None, list[int]]:
    """The agreed actions' shape and their timescales in order; a None shape asks for full validation.

    Two timescale actions of one kind are left to full validation: whether they are duplicates (and so
    one step) depends on their weeks, which the shape leaves out.
    """
    if actions.__class__ is not list:
        return None, []
    shape, timescales, timed_kinds = [], [], set()
    for item in actions:
        if item.__class__ is str:
            shape.append(item)
            continue
        if item.__class__ is not dict:
            return None, []
        kind, weeks = item.get("kind"), item.get("agreed_weeks")
        if weeks is None:
            shape.append((kind, "kind" in item))
        elif weeks.__class__ is int and 1 <= weeks <= MAX_AGREED_WEEKS and kind not in timed_kinds:
            timed_kinds.add(kind)
            shape.append((kind, "weeks"))
            timescales.append(weeks)
        else:
            return None, []
    return tuple(shape), timescales


def _timescale_slot(step: Step) -> Step:
    """A T13 step keeps its kind but not its weeks, so plans can be shared between records."""
    if step.rule_id == "T13":
        return Step("T13", step.start, AgreedAction(step.action.kind, None))
    return step


class BatchClock:
    def __init__(self, calendar: WorkingCalendar, notice_rule: NoticeRule) -> None:
        self.calendar = calendar
        self.notice_rule = notice_rule
        self.encoder = DeadlineEncoder(calendar)
        # Per step, its heads by start: looked up through the plan, so the hot loop hashes only a date string.
        self._tables: dict[Step, dict] = {}
        self._remembered = 0
        # Per raw key: the steps, each with its table of heads, and the template of the output line.
        self._plans: dict[tuple, tuple[tuple[tuple[Step, dict], ...], str]] = {}
        self._templates: dict[tuple[str, ...], str] = {}
        self._extended: dict[tuple, tuple] = {}
        # The end of each appeal limb, per raw date string.
        self._limb_ends: tuple[dict[str, object], dict[str, object]] = ({}, {})

    def _table(self, step: Step) -> dict:
        table = self._tables.get(step)
        if table is None:
            table = self._tables[step] = {}
        return table

    def answer(self, record) -> str:
        """One output line. Raises CaseInputError or DateOutOfRange for a bad case."""
        key = self._raw_key(record)
        entry = self._plans.get(key) if key is not None else None
        if entry is None:
            return self._answer_in_full(record, key)
        plan, template = entry
        actions = record.get("agreed_actions")
        timescales: list[int] = []
        if actions is not None:
            plan, template, timescales = self._with_actions(key, plan, template, actions, record)
        heads = [_json_id(record["id"])]
        for step, table in plan:
            rule_id = step.rule_id
            if rule_id == "T9":
                heads.append(self._appeal(step, table, record))
            elif rule_id == "T13":  # its head depends on the agreed timescale too
                heads.append(self._timescale_head(step, table, record["agreement_date"], timescales))
            else:
                start = record[step.start]
                head = table.get(start)
                heads.append(head if head is not None else self._head(step, table, start, record))
        return template % tuple(heads)

    def _with_actions(self, key, plan, template, actions, record):
        """The plan and template extended by the agreed actions' steps, and the agreed timescales in order.

        Remembered per *shape* of the actions: each plain kind as written, each timescale action as its
        kind alone (its weeks are read per record). Anything unusual is validated in full instead.
        """
        shape, timescales = _actions_shape(actions)
        cache_key = (key, shape) if shape is not None else None
        extended = self._extended.get(cache_key) if cache_key is not None else None
        if extended is None:
            steps = tuple(action_steps(parse_actions(actions)))  # validates: raises on a bad action
            if record.get("agreement_date") is None or not steps:
                extended = (plan, template)
            else:
                full = plan + tuple((_timescale_slot(step), self._table(_timescale_slot(step))) for step in steps)
                extended = (full, self._template(tuple(step.rule_id for step, _ in full)))
            if shape is None:  # not remembered: the timescales come from the validated actions
                return (*extended, [step.action.agreed_weeks for step in steps if step.rule_id == "T13"])
            if len(self._extended) >= _MAX_PLANS:
                self._extended.clear()
            self._extended[cache_key] = extended
        return (*extended, timescales)

    def _timescale_head(self, step: Step, table: dict, start: str, timescales: list[int]) -> str:
        """T13 for the next agreed timescale of this record (steps carry the kind, not the weeks)."""
        weeks = timescales.pop(0)
        head = table.get((start, weeks))
        if head is None:
            if self._remembered >= _MAX_HEADS:
                self._forget()
            action = AgreedAction(step.action.kind, weeks)
            deadline = agreed_timescale_deadline(known_date(start), action, self.calendar)
            head = table[(start, weeks)] = self.encoder.head(deadline)
            self._remembered += 1
        return head

    def _template(self, rule_ids: tuple[str, ...]) -> str:
        """The output line with its rules' fixed fields in place and a slot for the id and each head."""
        template = self._templates.get(rule_ids)
        if template is None:
            tails = self.encoder.tails
            deadlines = ", ".join("%s, " + tails[rule_id].replace("%", "%%") for rule_id in rule_ids)
            template = self._templates[rule_ids] = '{"id": %s, "deadlines": [' + deadlines + "]}"
        return template

    @staticmethod
    def _raw_key(record) -> tuple | None:
        """The record's raw key, or None when any date string is not yet known to be valid.

        Agreed actions are not part of it: they are read for each record (`action_steps`).
        """
        if record.__class__ is not dict or "id" not in record:
            return None
        parts = []
        for field, value in record.items():
            if field in DATE_FIELDS:
                if value is not None:
                    if value.__class__ is not str or known_date(value) is None:
                        return None
                    parts.append(field)
            elif field == "issues":
                parts.append(("issues", value.__class__, tuple(value) if value.__class__ is list else value))
            elif field in _FLAGS:
                # True == 1 in a tuple comparison: keep the type so 1 is never taken for true.
                parts.append((field, value, value.__class__))
        return tuple(parts)

    def _answer_in_full(self, record, key: tuple | None) -> str:
        case_id, values, events = read_record(record)
        case = CaseEvents(**values)
        shape = CaseShape(events, issue_mix(case.issues), case.placement_only, case.la_party)
        plan = plan_for(shape)
        steps = plan + tuple(action_steps(case.agreed_actions)) if case.agreement_date else plan
        parts = [self.encoder.encode(step_deadline(step, case, self.calendar, self.notice_rule)) for step in steps]
        # Remembered only now that the record proved valid; the raw key is recomputed because the dates
        # it checks are known-good only after read_record has parsed them.
        key = key or self._raw_key(record)
        if key is not None:
            if len(self._plans) >= _MAX_PLANS:
                self._plans.clear()
            steps = tuple((step, self._table(step)) for step in plan)
            self._plans[key] = (steps, self._template(tuple(step.rule_id for step in plan)))
        return '{"id": ' + _json_id(case_id) + ', "deadlines": [' + ", ".join(parts) + "]}"

    def _head(self, step: Step, table: dict, start, record) -> str:
        if self._remembered >= _MAX_HEADS:
            self._forget()
        # The record is known valid here: a case of just the step's own dates is enough to compute it.
        if step.rule_id == "T9":
            notice, certificate = record.get("notice_sent"), record.get("certificate_issued")
            case = CaseEvents(notice_sent=notice and known_date(notice),
                              certificate_issued=certificate and known_date(certificate))
        else:
            case = CaseEvents(**{step.start: known_date(record[step.start])})
        deadline = step_deadline(step, case, self.calendar, self.notice_rule)
        head = table[start] = self.encoder.head(deadline)
        self._remembered += 1
        return head

    def _forget(self) -> None:
        for table in self._tables.values():
            table.clear()
        self._remembered = 0

    def _appeal(self, step: Step, table: dict, record) -> str:
        """T9 depends on two dates: its text is remembered by the later limb's end, not by the pair."""
        end = max(self._limb_end(0, record.get("notice_sent")), self._limb_end(1, record.get("certificate_issued")))
        head = table.get(end)
        return head if head is not None else self._head(step, table, end, record)

    def _limb_end(self, limb: int, raw: str | None):
        if raw is None:
            return date.min
        ends = self._limb_ends[limb]
        end = ends.get(raw)
        if end is None:
            if len(ends) >= _MAX_HEADS:
                ends.clear()
            day = known_date(raw)
            end = ends[raw] = appeal_limbs_end(day, None, self.calendar) if limb == 0 else (
                appeal_limbs_end(None, day, self.calendar))
        return end
