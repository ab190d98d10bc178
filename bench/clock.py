"""Benchmark of the `deadlines` command against the floor of plain JSON Lines handling.

    .venv/bin/python bench/clock.py [--cases 1000000] [--seed 7]

Generates mixed cases as JSON Lines into a temporary file, then runs in the same session
(a) `python -m sendresolve deadlines` over the file and (b) the floor: the same file read, parsed and
written back as JSON Lines with no computation. Both run as child processes writing to /dev/null;
peak memory is each child's own maximum resident set size (wait4). Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

FLOOR = r"""
import json, sys
out = []
write = sys.stdout.write
for line in sys.stdin.buffer:
    if not line.strip():
        continue
    out.append(json.dumps(json.loads(line)))
    if len(out) >= 2000:
        write("\n".join(out) + "\n")
        out.clear()
if out:
    write("\n".join(out) + "\n")
"""

ACTIONS = ["assess", "make_plan", "amend_plan", "change_placement", "non_appealable"]
ISSUES = [["education"], ["education", "health"], ["health"], ["social_care"], ["education", "social_care", "health"]]


def _day(rng: random.Random, start: date, spread: int) -> date:
    return start + timedelta(days=rng.randrange(spread))


def make_case(rng: random.Random, number: int) -> dict:
    """One case in a random state of the mediation journey, dates 2015-2034."""
    notice = _day(rng, date(2015, 1, 1), 365 * 20)
    case: dict = {"id": f"C{number}", "notice_sent": notice.isoformat()}
    stage = rng.randrange(6)
    if rng.random() < 0.1:
        case["placement_only"] = True
    if stage == 0:
        case["ma_informed_declined"] = _day(rng, notice, 60).isoformat()
        case["certificate_issued"] = case["ma_informed_declined"]
        return case
    received = _day(rng, notice, 60)
    case["la_received_request"] = received.isoformat()
    case["issues"] = rng.choice(ISSUES)
    if "health" in case["issues"] and len(case["issues"]) == 1:
        case["rcb_received_notification"] = (received + timedelta(days=rng.randrange(1, 5))).isoformat()
    if stage == 1:
        return case
    if stage == 2:
        case["unable_to_arrange_informed"] = (received + timedelta(days=30)).isoformat()
        return case
    if stage == 3:
        case["withdrawal_informed"] = _day(rng, received, 20).isoformat()
        return case
    meeting = received + timedelta(days=rng.randrange(10, 31))
    case["mediation_date"] = meeting.isoformat()
    case["mediation_concluded"] = meeting.isoformat()
    case["certificate_issued"] = (meeting + timedelta(days=rng.randrange(0, 4))).isoformat()
    if stage == 5:
        case["agreement_date"] = meeting.isoformat()
        actions: list = []
        for _ in range(rng.randrange(1, 4)):
            kind = rng.choice(ACTIONS)
            actions.append({"kind": kind, "agreed_weeks": rng.randrange(1, 20)} if rng.random() < 0.2 else kind)
        case["agreed_actions"] = actions
        case["la_party"] = rng.random() < 0.9
    return case


def generate(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w") as out:
        batch = []
        for number in range(count):
            batch.append(json.dumps(make_case(rng, number)))
            if len(batch) == 5000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")


def run(command: list[str], source: Path) -> tuple[float, float, int]:
    """Seconds, peak resident memory in MB, exit status."""
    with source.open("rb") as stdin, open(os.devnull, "wb") as stdout:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=stdout)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs of each; the best counts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "cases.jsonl"
        started = time.perf_counter()
        generate(source, args.cases, args.seed)
        size_mb = source.stat().st_size / 1e6
        print(f"generated {args.cases:,} cases ({size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s")

        # Interleaved and repeated: this machine's speed drifts, so each side keeps its best run.
        floor_runs, clock_runs = [], []
        for _ in range(args.repeat):
            floor_runs.append(run([sys.executable, "-c", FLOOR], source))
            clock_runs.append(run([sys.executable, "-m", "sendresolve", "deadlines"], source))
            if clock_runs[-1][2] != 0:
                raise SystemExit(f"the deadlines command exited {clock_runs[-1][2]}")
        floor_s, floor_mb = min(r[0] for r in floor_runs), max(r[1] for r in floor_runs)
        clock_s, clock_mb = min(r[0] for r in clock_runs), max(r[1] for r in clock_runs)
        print("runs (s): floor " + ", ".join(f"{r[0]:.2f}" for r in floor_runs)
              + "; deadlines " + ", ".join(f"{r[0]:.2f}" for r in clock_runs))

    floor_rate, clock_rate = args.cases / floor_s, args.cases / clock_s
    print(f"(b) floor, parse + write only: {floor_s:6.2f} s  {floor_rate:10,.0f} cases/s  peak {floor_mb:5.1f} MB")
    print(f"(a) deadlines command:         {clock_s:6.2f} s  {clock_rate:10,.0f} cases/s  peak {clock_mb:5.1f} MB")
    print(f"ratio (a)/(b): {clock_rate / floor_rate:.2f}  (target >= 0.5; peak memory target < 150 MB)")


if __name__ == "__main__":
    main()
