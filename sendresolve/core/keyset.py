"""Keyset pagination: a page is the rows after (or before) one row's sort key, read from an index, so page 200
costs what page 1 costs and nothing counts the whole list. "Next" and "Previous" carry the key of the last or first
row shown. A list may come from several sources in one order (an officer of two bodies sees both bodies' queues):
each source reads at most a page from its own index and the pages are merged here, without repeats."""

from __future__ import annotations

import heapq
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Q, QuerySet

# How each kind of key part is written in a link and read back. A moment is written in UTC to the microsecond
# ("2026-12-06T10:15:00.123456Z"), so a link needs no escaping and reads back the very value it was made from.
_PARTS: dict[type, tuple[str, Callable[[str], Any]]] = {
    date: (r"\d{4}-\d{2}-\d{2}", date.fromisoformat),
    int: (r"\d{1,18}", int),
    datetime: (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", datetime.fromisoformat),
    uuid.UUID: (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", uuid.UUID),
}


def _written(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.isoformat() if isinstance(value, date) else str(value)


class BadCursor(ValueError):
    """A "next" or "previous" value no link of ours would make."""


@dataclass(frozen=True)
class Source:
    """One ordered list: `rows`, ordered by the `key` field paths (unique together, ascending unless the list is
    read newest first), and how a row becomes the item shown (a queue line becomes its deadline)."""

    rows: QuerySet
    key: tuple[str, ...]
    item: Callable[[Any], Any] = field(default=lambda row: row)
    # The same rows without the joins that fetch what a page shows: for counting them from the index alone.
    plain: QuerySet | None = None


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None  # where the next page starts, when there is one
    previous_cursor: str | None  # where the previous page ends, when there is one


@dataclass(frozen=True)
class Ordering:
    """The order of a list: the type of each key part, the item's key, and whether it reads newest first."""

    types: tuple[type, ...]
    key_of: Callable[[Any], tuple]
    descending: bool = False

    def cursor(self, item) -> str:
        return ".".join(_written(value) for value in self.key_of(item))

    def parse(self, text: str) -> tuple:
        pattern = r"\.".join(f"({_PARTS[kind][0]})" for kind in self.types)
        match = re.fullmatch(pattern, text or "")
        if not match:
            raise BadCursor(text)
        try:
            return tuple(_PARTS[kind][1](part) for kind, part in zip(self.types, match.groups(), strict=True))
        except ValueError as error:
            raise BadCursor(text) from error


def read_page(sources: Sequence[Source], ordering: Ordering, *, size: int, after: str = "",
              before: str = "") -> Page:
    """One page of the merged sources: the first, the one after `after`, or the one before `before`.
    Raises BadCursor for a cursor no link would make. One query per source."""
    if before:
        key = ordering.parse(before)
        items = _merged(sources, ordering, key, size + 1, backwards=True)
        if items:
            more_before = len(items) > size
            items = list(reversed(items[:size]))
            return Page(items, ordering.cursor(items[-1]), ordering.cursor(items[0]) if more_before else None)
        after = ""  # everything before it has gone: start again from the first page
    key = ordering.parse(after) if after else None
    items = _merged(sources, ordering, key, size + 1, backwards=False)
    more_after = len(items) > size
    items = items[:size]
    return Page(items, ordering.cursor(items[-1]) if more_after else None,
                ordering.cursor(items[0]) if key is not None and items else None)


def first_items(sources: Sequence[Source], ordering: Ordering, *, size: int) -> list:
    return _merged(sources, ordering, None, size, backwards=False)


def _merged(sources: Sequence[Source], ordering: Ordering, key: tuple | None, limit: int, *,
            backwards: bool) -> list:
    # Reading backwards flips the order: the rows just before the key, nearest first.
    descending = ordering.descending != backwards
    lists = []
    for source in sources:
        rows = source.rows
        if key is not None:
            rows = rows.filter(_beyond(source.key, key, descending=descending))
        ordered = rows.order_by(*(f"-{name}" if descending else name for name in source.key))[:limit]
        lists.append([source.item(row) for row in ordered])
    merged, seen = [], set()
    for item in heapq.merge(*lists, key=ordering.key_of, reverse=descending):
        item_key = ordering.key_of(item)
        if item_key in seen:
            continue
        seen.add(item_key)
        merged.append(item)
        if len(merged) == limit:
            break
    return merged


def _beyond(names: tuple[str, ...], values: tuple, *, descending: bool) -> Q:
    """(a, b) after (x, y): a past x, or a = x and b past y. The first part's bound is also given on its own,
    so the index range starts at the key instead of at the list's beginning."""
    strictly, inclusive = ("lt", "lte") if descending else ("gt", "gte")
    condition = Q(**{f"{names[-1]}__{strictly}": values[-1]})
    for name, value in zip(reversed(names[:-1]), reversed(values[:-1]), strict=True):
        condition = Q(**{f"{name}__{strictly}": value}) | (Q(**{name: value}) & condition)
    if len(names) > 1:
        condition &= Q(**{f"{names[0]}__{inclusive}": values[0]})
    return condition
