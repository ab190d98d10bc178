"""Turning one JSON case of the `deadlines` contract into `CaseEvents`, with errors that name the field."""

from __future__ import annotations

from datetime import date
from itertools import repeat
from json import JSONDecoder
from operator import itemgetter
from typing import Any

from sendresolve.clock.deadlines import AgreedAction, CaseEvents
from sendresolve.clock.rules import ACTION_RULES, ISSUE_KINDS, Event

MAX_AGREED_WEEKS = 520  # ten years: anything longer is a typing error, not an agreement

DATE_FIELDS = frozenset(event.value for event in Event)
_KIND_LIST = ", ".join(ACTION_RULES)
_ISSUE_LIST = ", ".join(ISSUE_KINDS)


class CaseInputError(ValueError):
    """One input case is not valid; the message names the field and says what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


_known_dates: dict[str, date] = {}
known_date = _known_dates.get  # a date string already parsed and found valid, or None


def parse_date(field: str, value: Any) -> date:
    known = _known_dates.get(value) if isinstance(value, str) else None
    if known is not None:
        return known
    if not isinstance(value, str):
        raise CaseInputError(field, f"must be a date written YYYY-MM-DD, not {value!r}")
    # fromisoformat alone would also accept forms such as 20250303 or 2025-W10-1.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise CaseInputError(field, f"{value!r} is not a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CaseInputError(field, f"{value} is not a real date") from None
    if len(_known_dates) < 100_000:
        _known_dates[value] = day
    return day


def _parse_bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise CaseInputError(field, f"must be true or false, not {value!r}")
    return value


def _parse_issues(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CaseInputError("issues", f"must be a list such as [\"education\", \"health\"], not {value!r}")
    if not value:
        raise CaseInputError("issues", f"must name at least one of {_ISSUE_LIST}")
    for index, issue in enumerate(value):
        if issue not in ISSUE_KINDS:
            raise CaseInputError(f"issues[{index}]", f"{issue!r} is not one of {_ISSUE_LIST}")
    return tuple(value)


def parse_actions(value: Any) -> tuple[AgreedAction, ...]:
    if not isinstance(value, list):
        raise CaseInputError("agreed_actions", f"must be a list of actions, not {value!r}")
    return tuple(_parse_action(index, item) for index, item in enumerate(value))


def _parse_action(index: int, item: Any) -> AgreedAction:
    where = f"agreed_actions[{index}]"
    if isinstance(item, str):
        kind, weeks = item, None
    elif isinstance(item, dict):
        if "kind" not in item:
            raise CaseInputError(f"{where}.kind", "is missing")
        kind = item["kind"]
        weeks = item.get("agreed_weeks")
        if weeks is not None and (
            isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_AGREED_WEEKS
        ):
            raise CaseInputError(
                f"{where}.agreed_weeks",
                f"must be a whole number of weeks from 1 to {MAX_AGREED_WEEKS}, not {weeks!r}",
            )
    else:
        raise CaseInputError(where, f"must be an action kind or {{\"kind\": ..., \"agreed_weeks\": N}}, not {item!r}")
    if kind not in ACTION_RULES:
        field = where if isinstance(item, str) else f"{where}.kind"
        raise CaseInputError(field, f"{kind!r} is not one of {_KIND_LIST}")
    return AgreedAction(kind=kind, agreed_weeks=weeks)


_DATE, _BOOL = object(), object()
_FIELD_KINDS: dict[str, object] = {field: _DATE for field in DATE_FIELDS} | {
    "placement_only": _BOOL,
    "la_party": _BOOL,
    "issues": _parse_issues,
    "agreed_actions": parse_actions,
}


def read_record(record: Any) -> tuple[Any, dict[str, Any], tuple[str, ...]]:
    """The case's id, its validated fields, and the names of its dated events, in input order.

    Raises CaseInputError naming the first bad field.
    """
    if not isinstance(record, dict):
        raise CaseInputError("line", "must be a JSON object such as {\"id\": \"A1\", \"notice_sent\": \"2025-03-05\"}")
    if "id" not in record:
        raise CaseInputError("id", "is missing")
    values: dict[str, Any] = {}
    events: list[str] = []
    kinds = _FIELD_KINDS
    known_dates = _known_dates
    for field, value in record.items():
        kind = kinds.get(field)
        if kind is None or value is None:
            continue  # unknown fields are ignored, so callers can pass whole case records
        if kind is _DATE:
            day = known_dates.get(value) if value.__class__ is str else None
            values[field] = day if day is not None else parse_date(field, value)
            events.append(field)
        elif kind is _BOOL:
            values[field] = _parse_bool(field, value)
        else:
            values[field] = kind(value)
    return record["id"], values, tuple(events)


def parse_case(record: Any) -> tuple[Any, CaseEvents]:
    """The case's id and its events. Raises CaseInputError naming the first bad field."""
    case_id, values, _ = read_record(record)
    return case_id, CaseEvents(**values)


_scan = JSONDecoder().scan_once  # what json.loads runs on a text, without its Python layers around it
_JSON_SPACE = b" \t\n\r"  # the only whitespace JSON allows around a value


def parse_lines(lines: list[bytes]) -> list | None:
    """Each line's JSON value, exactly as json.loads would give it; None unless every line is one whole value.

    One C call per step for the whole list instead of several Python calls per line. A line this cannot
    vouch for (blank, not UTF-8, not valid JSON, with text after the value) makes it give up, and the caller
    reads the lines one by one with json.loads, which also says what is wrong. UTF-8 is the only encoding
    tried: json.loads would take another only for a line that starts with a byte-order mark or has a NUL
    among its first two bytes, and no JSON text in UTF-8 does either, so such a line fails here.
    """
    try:
        texts = list(map(bytes.decode, map(bytes.rstrip, lines, repeat(_JSON_SPACE)), repeat("utf-8"),
                         repeat("surrogatepass")))
        # A scan that finds no value at all raises StopIteration, which ends the map early: hence the count.
        parsed = list(map(_scan, texts, repeat(0)))
    except (ValueError, TypeError, RecursionError):  # TypeError: lines given as text, not bytes
        return None
    if len(parsed) != len(texts) or list(map(itemgetter(1), parsed)) != list(map(len, texts)):
        return None
    return list(map(itemgetter(0), parsed))
