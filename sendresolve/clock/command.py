"""`sendresolve deadlines`: JSON Lines of cases in, JSON Lines of deadlines out (deadline-contract.md).

Streams: one line is read, answered and forgotten, so memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO

from sendresolve.clock.batch import BatchClock
from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import NoticeRule
from sendresolve.clock.parsing import CaseInputError, parse_date

EXIT_OK = 0
EXIT_SOME_LINES_FAILED = 2

_CHUNK = 2000  # lines answered, and written, together


def _error_line(case_id, message: str) -> str:
    return json.dumps({"id": case_id, "error": message})


def answer_lines(
    lines: Iterable[bytes | str],
    calendar: WorkingCalendar,
    notice_rule: NoticeRule = NoticeRule.NTH_WORKING_DAY_BEFORE,
    *,
    first_line: int = 1,
    clock: BatchClock | None = None,
) -> Iterator[tuple[str, bool]]:
    """For each non-blank input line, its output line and whether it succeeded."""
    answer = (clock or BatchClock(calendar, notice_rule)).answer
    loads = json.loads
    for number, line in enumerate(lines, start=first_line):
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


def _chunks(source: Iterable[bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """The input in numbered chunks of _CHUNK lines."""
    chunk: list[bytes] = []
    first = 1
    for number, line in enumerate(source, start=1):
        chunk.append(line)
        if len(chunk) == _CHUNK:
            yield first, chunk
            chunk, first = [], number + 1
    if chunk:
        yield first, chunk


def _answer_all(source, sink, calendar: WorkingCalendar, notice_rule: NoticeRule) -> bool:
    """Writes every answer in input order, a chunk at a time; returns whether any line failed."""
    clock = BatchClock(calendar, notice_rule)
    failed = False
    for first, lines in _chunks(source):
        out = []
        for text, ok in answer_lines(lines, calendar, notice_rule, first_line=first, clock=clock):
            out.append(text)
            failed = failed or not ok
        if out:
            sink.write("\n".join(out) + "\n")
    return failed


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
    # Nothing made while answering forms a reference cycle (JSON values, strings, tuples), so the cyclic
    # collector would only rescan the growing memo tables again and again: it is paused for the batch.
    gc.disable()
    try:
        failed = _answer_all(source, sink, calendar, NoticeRule(args.notice_rule))
        sink.flush()
    finally:
        gc.enable()
    return EXIT_SOME_LINES_FAILED if failed else EXIT_OK
