"""`sendresolve deadlines`: JSON Lines of cases in, JSON Lines of deadlines out (deadline-contract.md).

Streams: one line is read, answered and forgotten, so memory does not grow with the input. The dates
come from `compute_deadlines`' own plan and step functions; what this module adds is a bounded memory
of each step's JSON text per start date, because a batch repeats the same few thousand dates.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring_ascii
from typing import IO

from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import (
    CaseEvents,
    CaseShape,
    NoticeRule,
    Step,
    issue_mix,
    plan_for,
    step_deadline,
)
from sendresolve.clock.output import DeadlineEncoder
from sendresolve.clock.parsing import CaseInputError, parse_date, read_record

EXIT_OK = 0
EXIT_SOME_LINES_FAILED = 2

_FLUSH_EVERY = 2000
_MAX_REMEMBERED_TEXTS = 200_000


def _error_line(case_id, message: str) -> str:
    return json.dumps({"id": case_id, "error": message})


def _json_id(case_id) -> str:
    # Most ids are strings: the C string escaper is many times cheaper than json.dumps.
    return encode_basestring_ascii(case_id) if case_id.__class__ is str else json.dumps(case_id)


class BatchClock:
    """Answers one case record at a time, remembering the text of each step per start date.

    Per case this is a handful of dictionary look-ups; the clock itself (`step_deadline`) is asked only
    the first time a (step, date) pair is seen.
    """

    def __init__(self, calendar: WorkingCalendar, notice_rule: NoticeRule) -> None:
        self.calendar = calendar
        self.notice_rule = notice_rule
        self.encode = DeadlineEncoder(calendar).encode
        self._texts: dict[tuple, str] = {}
        self._plans: dict[tuple, tuple[tuple[Step, tuple[str, ...]], ...]] = {}

    def _plan(self, events, values) -> tuple[tuple[Step, tuple[str, ...]], ...]:
        """The case's steps, each with the fields its date depends on. Remembered per shape."""
        key = (events, values.get("issues"), values.get("placement_only"), values.get("la_party"),
               values.get("agreed_actions"))
        plan = self._plans.get(key)
        if plan is None:
            case = CaseEvents(**values)
            shape = CaseShape(events, issue_mix(case.issues), case.placement_only, case.la_party, case.agreed_actions)
            plan = tuple((step, _inputs_of(step)) for step in plan_for(shape))
            if len(self._plans) >= 10_000:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    def answer(self, record) -> str:
        case_id, values, events = read_record(record)
        texts = self._texts
        parts = []
        for step, inputs in self._plan(events, values):
            key = (step, *[values.get(field) for field in inputs]) if len(inputs) > 1 else (step, values[inputs[0]])
            text = texts.get(key)
            if text is None:
                if len(texts) >= _MAX_REMEMBERED_TEXTS:
                    texts.clear()
                deadline = step_deadline(step, CaseEvents(**values), self.calendar, self.notice_rule)
                text = texts[key] = self.encode(deadline)
            parts.append(text)
        return '{"id": ' + _json_id(case_id) + ', "deadlines": [' + ", ".join(parts) + "]}"


def _inputs_of(step: Step) -> tuple[str, ...]:
    """The case fields a step's text depends on: its start event, and for T9 both limbs."""
    if step.rule_id == "T9":
        return ("notice_sent", "certificate_issued")
    return (step.start,)


def answer_lines(
    lines: Iterable[bytes | str],
    calendar: WorkingCalendar,
    notice_rule: NoticeRule = NoticeRule.NTH_WORKING_DAY_BEFORE,
) -> Iterator[tuple[str, bool]]:
    """For each non-blank input line, its output line and whether it succeeded."""
    answer = BatchClock(calendar, notice_rule).answer
    loads = json.loads
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = loads(line)
        except (ValueError, UnicodeDecodeError) as error:
            reason = getattr(error, "msg", None) or str(error)
            yield _error_line(None, f"line {number} is not valid JSON ({reason})"), False
            continue
        try:
            yield answer(record), True
        except CaseInputError as error:
            yield _error_line(record.get("id") if isinstance(record, dict) else None, str(error)), False
        except DateOutOfRange as error:
            yield _error_line(record.get("id"), f"a date is outside what the clock covers: {error}"), False


def run(argv: list[str] | None = None, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sendresolve deadlines",
        description="Statutory deadlines of SEND mediation cases: JSON Lines on standard input, "
        "one JSON line of deadlines per case on standard output.",
    )
    parser.add_argument(
        "--extra-holiday", action="append", default=[], metavar="YYYY-MM-DD",
        help="a day that is not a working day although no bank-holiday list has it yet (repeatable)",
    )
    parser.add_argument(
        "--not-holiday", action="append", default=[], metavar="YYYY-MM-DD",
        help="a listed bank holiday that is a working day after all (repeatable)",
    )
    parser.add_argument(
        "--notice-rule", choices=[rule.value for rule in NoticeRule], default=NoticeRule.NTH_WORKING_DAY_BEFORE.value,
        help="T5: the 5th working day before the meeting (default) or 5 clear working days",
    )
    args = parser.parse_args(argv)
    try:
        extra = [parse_date("--extra-holiday", value) for value in args.extra_holiday]
        cancelled = [parse_date("--not-holiday", value) for value in args.not_holiday]
    except CaseInputError as error:
        parser.error(str(error))
    if extra or cancelled:
        calendar = WorkingCalendar(extra_holidays=extra, cancelled_holidays=cancelled)
    else:
        calendar = default_calendar()

    source = stdin if stdin is not None else sys.stdin.buffer
    sink = stdout if stdout is not None else sys.stdout
    failed = False
    pending: list[str] = []
    for text, ok in answer_lines(source, calendar, NoticeRule(args.notice_rule)):
        failed = failed or not ok
        pending.append(text)
        if len(pending) >= _FLUSH_EVERY:
            sink.write("\n".join(pending) + "\n")
            pending.clear()
    if pending:
        sink.write("\n".join(pending) + "\n")
    sink.flush()
    return EXIT_SOME_LINES_FAILED if failed else EXIT_OK
