"""Benchmark of the meeting-slot proposer at the size of the acceptance line.

    .venv/bin/python bench/scheduling.py [--runs 200] [--mediators 300] [--people 5] [--slots 40] [--seed 7] \
        [--open-participants]

Each run makes fresh random availability: every required participant and every mediator of the pool offers
`--slots` sessions of 2 to 3 hours on working-day mornings and afternoons over 30 days (from 16 March 2026,
so the spring clock change is inside), then times one `propose_slots` call for a 2-hour meeting with the
notice rule and a statutory window applied. Only the call is timed, not the making of the data. Prints the
median and 95th percentile in milliseconds against the target of 100 ms. Not a test: run it by hand.

`--open-participants` is the hard case: the required participants are free 08:00-18:00 on every working day,
so the whole pool lies near their common free time and every mediator slot has to be looked at closely.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sendresolve.clock import NoticeRule, default_calendar, earliest_meeting_date  # noqa: E402
from sendresolve.meetings.scheduling import Slot, propose_slots, session_slots  # noqa: E402

FIRST_DAY = date(2026, 3, 16)
DAYS = 30
MEETING = timedelta(hours=2)
TARGET_MS = 100.0
# Half-hourly session starts: mornings from 09:00 to 10:00, afternoons from 13:00 to 14:30.
STARTS = [clock_time(9), clock_time(9, 30), clock_time(10), clock_time(13), clock_time(13, 30), clock_time(14),
          clock_time(14, 30)]


def working_days() -> list[date]:
    calendar = default_calendar()
    days = (FIRST_DAY + timedelta(days=n) for n in range(DAYS))
    return [day for day in days if calendar.is_working_day(day)]


def offer(rng: random.Random, days: list[date], count: int) -> list[Slot]:
    """`count` random sessions of 2, 2.5 or 3 hours; a few may overlap, as people's replies do."""
    slots = []
    for _ in range(count):
        start = rng.choice(STARTS)
        minutes = start.hour * 60 + start.minute + rng.choice((120, 150, 180))
        end = clock_time(minutes // 60, minutes % 60)
        slots += session_slots([rng.choice(days)], [(start, end)])
    return slots


def one_run(rng: random.Random, days: list[date], args: argparse.Namespace) -> tuple[float, int]:
    """Milliseconds for one call, and how many proposals it made."""
    if args.open_participants:
        availability = {f"participant {n}": session_slots(days, [(clock_time(8), clock_time(18))])
                        for n in range(args.people)}
    else:
        availability = {f"participant {n}": offer(rng, days, args.slots) for n in range(args.people)}
    pool = {f"mediator {n}": offer(rng, days, args.slots) for n in range(args.mediators)}
    notice_day = FIRST_DAY + timedelta(days=rng.randrange(3))
    earliest = earliest_meeting_date(notice_day, NoticeRule.NTH_WORKING_DAY_BEFORE, default_calendar())
    started = time.perf_counter()
    proposals = propose_slots(availability=availability, duration=MEETING, earliest_date=earliest,
                              window_end=FIRST_DAY + timedelta(days=DAYS - 1), mediators=pool, limit=args.limit)
    return (time.perf_counter() - started) * 1000, len(proposals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--mediators", type=int, default=300)
    parser.add_argument("--people", type=int, default=5, help="required participants")
    parser.add_argument("--slots", type=int, default=40, help="sessions each participant and mediator offers")
    parser.add_argument("--limit", type=int, default=3, help="proposals asked for")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--open-participants", action="store_true", help="participants free every working day")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    days = working_days()
    one_run(rng, days, args)  # warm-up: the clock's calendar and the zone data load on first use
    timings, counts = [], []
    for _ in range(args.runs):
        elapsed_ms, proposed = one_run(rng, days, args)
        timings.append(elapsed_ms)
        counts.append(proposed)

    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) >= 2 else timings[0]
    offered = "08:00-18:00 every working day" if args.open_participants else f"{args.slots} sessions"
    print(f"{args.runs} runs over {DAYS} days ({len(days)} working days): {args.people} participants ({offered}), "
          f"{args.mediators} mediators ({args.slots} sessions each), {MEETING} meeting, up to {args.limit} proposals")
    print(f"proposals made: {min(counts)} to {max(counts)} a run ({statistics.mean(counts):.1f} on average)")
    print(f"median {median:6.2f} ms   95th percentile {p95:6.2f} ms   max {max(timings):6.2f} ms")
    verdict = "under" if p95 < TARGET_MS else "NOT under"
    print(f"95th percentile {verdict} the target of {TARGET_MS:.0f} ms")


if __name__ == "__main__":
    main()
