"""`sendresolve deadlines`: JSON Lines of cases in, JSON Lines of deadlines out (docs/deadline-contract.md).

Streams: a chunk of lines is read, answered, written and forgotten, so memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO

from sendresolve.clock.batch import BatchClock
from sendresolve.clock.calendar import DateOutOfRange, WorkingCalendar, default_calendar
from sendresolve.clock.deadlines import NoticeRule
from sendresolve.clock.parsing import CaseInputError, parse_date, parse_lines

EXIT_OK = 0
EXIT_SOME_LINES_FAILED = 2

# Lines answered, and written, together: enough to spread the work done per chunk, few enough that a chunk's
# cases and texts stay in the processor's cache while `BatchClock.answer_many` passes over them several times
# (measured: 120 to 160 lines is fastest; 240 is already slower).
_CHUNK = 128


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
    """For each non-blank input line, its output line and whether it succeeded; one line at a time."""
    clock = clock or BatchClock(calendar, notice_rule)
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
        yield _answer_one(clock, record)


def _answer_one(clock: BatchClock, record) -> tuple[str, bool]:
    try:
        return clock.answer(record), True
    except CaseInputError as error:
        return _error_line(record.get("id") if isinstance(record, dict) else None, str(error)), False
    except DateOutOfRange as error:
        return _error_line(record.get("id"), f"a date is outside what the clock covers: {error}"), False


def _answer_all(source, sink, calendar: WorkingCalendar, notice_rule: NoticeRule) -> bool:
    """Writes every answer in input order, a chunk at a time; returns whether any line failed."""
    clock = BatchClock(calendar, notice_rule)
    failed = False
    first = 1
    while lines := list(islice(source, _CHUNK)):
        records = parse_lines(lines)
        if records is None:  # a blank or bad line: this chunk goes line by line, which names the bad line
            out = []
            for text, ok in answer_lines(lines, calendar, notice_rule, first_line=first, clock=clock):
                out.append(text)
                failed = failed or not ok
            if out:
                sink.write("\n".join(out) + "\n")
        else:
            pieces, pending = clock.answer_many(records)
            for index in pending:
                text, ok = _answer_one(clock, records[index])
                pieces[index] = (text, "\n")
                failed = failed or not ok
            sink.write("".join(chain.from_iterable(pieces)))  # one copy of the chunk's text, no line copies
        first += len(lines)
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
