"""Proposing mediation meeting times that every required participant can make.

Pure Python with no Django import, like the clock: the arranging pages, the tests and the benchmark share it.
Day counting (the statutory window, the notice rule) stays in `sendresolve.clock`; the caller turns it into
`earliest_date` and `window_end` (`clock.earliest_meeting_date`, the T4 due date).

Everything is worked out on UTC datetimes. Python compares two datetimes that share a tzinfo by their wall
clock, which puts the two 01:30s of the October fall-back in the wrong order, and adds a timedelta to a
Europe/London datetime in wall-clock time, which makes a meeting across the March spring-forward an hour
short. UTC has neither problem; only the London calendar date of a slot is read in London time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sendresolve.core.timezones import LONDON

# A span of time as (start, end), both UTC, end excluded.
Span = tuple[datetime, datetime]


@dataclass(frozen=True, order=True)
class Slot:
    """A span of time, `start` included and `end` excluded. Both must be timezone-aware."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name, moment in (("start", self.start), ("end", self.end)):
            if not isinstance(moment, datetime):
                raise TypeError(f"a slot's {name} must be a datetime, not {type(moment).__name__}")
            if moment.utcoffset() is None:
                raise ValueError(f"a slot's {name} must be timezone-aware, got the naive datetime {moment}")
        # Compared in UTC: in a shared zone Python would compare wall clocks (see the module's docstring).
        if self.end.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError(f"a slot must end after it starts: {self.start} to {self.end}")

    @property
    def day(self) -> date:
        """The Europe/London calendar date the slot starts on."""
        return self.start.astimezone(LONDON).date()


@dataclass(frozen=True)
class Proposal:
    slot: Slot
    # Keys of the pool's mediators free for the whole slot, in the pool's order; () when there is no pool.
    mediators: tuple = ()


def propose_slots(
    *,
    availability: Mapping[Hashable, Iterable[Slot]],
    duration: timedelta,
    earliest_date: date,
    window_end: date | None,
    mediators: Mapping[Hashable, Iterable[Slot]] | None = None,
    limit: int = 3,
) -> list[Proposal]:
    """The earliest meeting times, at most `limit`, that every participant in `availability` is free for.

    A proposal lasts `duration`, lies wholly inside the free time of each participant (a participant's
    overlapping or touching slots count as one span), starts and ends on the same London date, which is on
    or after `earliest_date` and, unless `window_end` is None, on or before it. Proposals are in time order
    and do not overlap: each is the earliest such time at or after the end of the one before. With a pool of
    `mediators`, a time is proposed only when at least one of them is free for all of it, and the proposal
    names every one who is. Nobody required, or a participant with no free time, means no proposals.
    The proposed slots are in UTC, so that they order and compare exactly; show them with `.astimezone(LONDON)`.
    """
    if not isinstance(duration, timedelta) or duration <= timedelta(0):
        raise ValueError(f"the meeting's duration must be a positive timedelta, got {duration!r}")
    if not availability or limit <= 0:
        return []

    common: list[Span] | None = None
    for slots in availability.values():
        free = merged_spans(slots)
        common = free if common is None else intersect_spans(common, free)
        if not common:
            return []
    window_open = _london_midnight(earliest_date)
    window_close = _london_midnight(window_end + timedelta(days=1)) if window_end is not None else common[-1][1]
    common = intersect_spans(common, [(window_open, window_close)])
    if not common:
        return []

    # Reasoning about the starts a meeting may have turns "inside one span of the participants and one span
    # of some mediator" into a plain intersection: a span [a, b) allows the starts [a, b - duration].
    starts = _start_ranges(common, duration)
    pool: list[tuple[Hashable, list[Span]]] = []
    if mediators is not None:
        near = _NearFilter(common)
        pool = [(key, merged_spans(near.slots_near(slots))) for key, slots in mediators.items()]
        # Any one mediator will do, so the starts some mediator allows are the union over the pool.
        some_mediator = merged_spans_of(
            start_range for _, spans in pool for start_range in _start_ranges(spans, duration))
        starts = intersect_spans(starts, some_mediator, closed=True)

    chosen = _earliest_starts(starts, duration, window_open, limit)
    return [
        Proposal(
            Slot(start, start + duration),
            tuple(key for key, spans in pool if covers(spans, start, start + duration)),
        )
        for start in chosen
    ]


class _NearFilter:
    """Picks out the slots that come within a margin of the common free time, without converting them to UTC.

    Converting a datetime to UTC is most of the cost of a large pool, and only the slots near the common free
    time can matter. Python compares two datetimes sharing a tzinfo by wall clock, which is cheap, so a slot in
    London time is compared with the edges in London time: wall clock and real time disagree by at most the
    hour of summer time, well inside the margin, so no slot that matters is dropped. Slots in UTC are compared
    exactly; slots starting in any other zone are all kept, to be converted like the participants'.
    """

    MARGIN = timedelta(hours=2)

    def __init__(self, common: Sequence[Span]) -> None:
        widened = merged_spans_of((start - self.MARGIN, end + self.MARGIN) for start, end in common)
        edges = [moment for span in widened for moment in span]
        self.edges_in = {UTC: edges, LONDON: [moment.astimezone(LONDON) for moment in edges]}

    def slots_near(self, slots: Iterable[Slot]) -> list[Slot]:
        near = []
        edges_in = self.edges_in
        for slot in slots:
            edges = edges_in.get(slot.start.tzinfo)
            if edges is None:
                near.append(slot)
                continue
            # `edges` alternate span start, span end: an odd index means the slot starts inside a span.
            index = bisect_right(edges, slot.start)
            if index & 1 or (index < len(edges) and edges[index] <= slot.end):
                near.append(slot)
        return near


def merged_spans(slots: Iterable[Slot]) -> list[Span]:
    """A participant's free time as sorted, disjoint UTC spans: overlapping or touching slots merged."""
    return merged_spans_of((slot.start.astimezone(UTC), slot.end.astimezone(UTC)) for slot in slots)


def merged_spans_of(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def intersect_spans(first: Sequence[Span], second: Sequence[Span], *, closed: bool = False) -> list[Span]:
    """The time in both of two sorted, disjoint lists of spans, in one sweep over the two.

    `closed` for ranges of allowed starts, which include their last moment: two that only touch still share
    it, where two free spans that only touch share nothing.
    """
    both: list[Span] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end or (closed and start == end):
            both.append((start, end))
        # The span ending first can meet nothing later in the other list.
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return both


def covers(spans: Sequence[Span], start: datetime, end: datetime) -> bool:
    """Whether one of the sorted, disjoint `spans` holds all of [start, end)."""
    index = bisect_right(spans, (start, _LATEST)) - 1
    return index >= 0 and spans[index][1] >= end


_LATEST = datetime.max.replace(tzinfo=UTC)


def _start_ranges(spans: Iterable[Span], duration: timedelta) -> list[Span]:
    """For each span long enough, the starts it allows, as (first, last) with the last included."""
    return [(start, end - duration) for start, end in spans if end - start >= duration]


def _london_midnight(day: date) -> datetime:
    # Midnight always exists in London (the clocks change at 01:00 UTC), so this is never ambiguous.
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def _earliest_starts(starts: Sequence[Span], duration: timedelta, not_before: datetime, limit: int) -> list[datetime]:
    """Greedy earliest-first: the earliest allowed start, then the earliest at or after that meeting's end.

    `starts` already lie inside the window; what is left is keeping each meeting within one London date.
    """
    chosen: list[datetime] = []
    for first, last in starts:
        while len(chosen) < limit:
            start = max(first, not_before)
            if start > last:
                break
            next_midnight = _london_midnight(start.astimezone(LONDON).date() + timedelta(days=1))
            if start + duration >= next_midnight:
                # It would end on the next London date; the next day's first moment may still do.
                not_before = next_midnight
                continue
            chosen.append(start)
            not_before = start + duration
        if len(chosen) >= limit:
            break
    return chosen


def session_slots(days: Iterable[date], sessions: Sequence[tuple[time, time]]) -> list[Slot]:
    """The slots of each London session (start, end local times) on each day, day by day.

    The zone, not a fixed offset, gives each day its own: 10:00 is 10:00 UTC in winter and 09:00 UTC in summer.
    """
    return [
        Slot(datetime.combine(day, start, tzinfo=LONDON), datetime.combine(day, end, tzinfo=LONDON))
        for day in days
        for start, end in sessions
    ]
