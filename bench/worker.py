"""Benchmark of the outbox worker: e-mails per second from real `sendresolve worker` processes to a local SMTP
server, next to a plain smtplib loop over one connection to the same server (the floor to compare with).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendresolve_bench_worker .venv/bin/python bench/worker.py \
        [--messages 5000] [--workers 1 2] [--json]

The database named in DATABASE_URL is emptied and filled: use a throwaway one (it is created if missing). The SMTP
server (aiosmtpd) runs in a process of its own, so that neither the workers nor the floor's loop share an
interpreter lock with it, and counts what it receives by Message-ID. For each number of workers: the workers are
started and seen alive, the messages are enqueued in one transaction as the service does (email_enqueue),
and the clock runs from that commit until every message is marked sent. The run fails if any message arrived twice
or not at all. With --json, one JSON object per line. Not a test: run it by hand; the tests prove exactly-once.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendresolve_bench_worker")

BODY = ("Dear parent or carer,\n\nThe mediation meeting for your child has been booked. The details, and what to do "
        "if you cannot attend, are on the case page.\n\nSEND Resolve\n") * 3


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            connection.execute(f'create database "{name}"')


def run_sink(port: int, commands) -> None:
    """The SMTP server's process: accepts everything, keeps each Message-ID and counts connections; answers
    "stats" and "reset" on its pipe."""
    import threading

    from aiosmtpd.controller import Controller

    message_id = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
    lock = threading.Lock()
    received: list[bytes] = []
    sessions: set = set()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            found = message_id.search(envelope.content.split(b"\r\n\r\n", 1)[0])
            with lock:
                received.append(found.group(1) if found else b"")
                sessions.add(session)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    commands.send("ready")
    while (command := commands.recv()) != "stop":
        with lock:
            if command == "stats":
                commands.send(([item.decode() for item in received], len(sessions)))
            else:
                received.clear()
                sessions.clear()
                commands.send("done")
    controller.stop()


class Sink:
    def __init__(self) -> None:
        from tests.notifications.smtp_sink import free_port

        self.port = free_port()
        self.pipe, theirs = multiprocessing.Pipe()
        # spawn, not fork: this process already holds database connections a child must not share.
        self.process = multiprocessing.get_context("spawn").Process(target=run_sink, args=(self.port, theirs))
        self.process.start()
        assert self.pipe.recv() == "ready"

    def stats(self) -> tuple[list[str], int]:
        self.pipe.send("stats")
        return self.pipe.recv()

    def reset(self) -> None:
        self.pipe.send("reset")
        self.pipe.recv()

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(timeout=10)


def floor(port: int, count: int) -> float:
    """A plain smtplib loop sending `count` ready-made messages over one connection: e-mails per second."""
    messages = []
    for n in range(count):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "no-reply@bench.test", f"p{n}@bench.test", f"Floor {n}"
        message["Message-ID"] = f"<floor-{n}@bench.test>"
        message.set_content(BODY)
        messages.append((f"p{n}@bench.test", message.as_bytes()))
    with smtplib.SMTP("127.0.0.1", port) as client:
        started = time.perf_counter()
        for to, data in messages:
            client.sendmail("no-reply@bench.test", [to], data)
        return count / (time.perf_counter() - started)


def empty_outbox() -> None:
    from django_tasks_db.models import DBTaskResult

    from sendresolve.notifications.models import OutboundEmail, WorkerHeartbeat

    OutboundEmail.objects.all().delete()
    DBTaskResult.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()


def start_workers(count: int, port: int) -> list[subprocess.Popen]:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sendresolve.notifications.models import WorkerHeartbeat
    from sendresolve.notifications.tasks import worker_sweep

    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "LOG_LEVEL": "WARNING"}
    workers = []
    for _ in range(count):
        # Their log (a line per task) would bury the results: it goes to a file, shown if a worker stops.
        log = tempfile.TemporaryFile()  # noqa: SIM115 - it lives as long as the worker: closed in stop_workers
        workers.append(subprocess.Popen([sys.executable, "-m", "sendresolve", "worker"], cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT))
        workers[-1].log = log
    # Alive: each has said so, and one has run the first sweep, so the workers are polling for tasks. (A second's
    # grace for the others to reach their loop too: this is a benchmark, not a test.)
    swept = DBTaskResult.objects.filter(task_path=worker_sweep.module_path, status=TaskResultStatus.SUCCESSFUL)
    while WorkerHeartbeat.objects.count() < count or not swept.exists():
        stopped(workers)
        time.sleep(0.05)
    time.sleep(1)
    return workers


def stopped(workers: list[subprocess.Popen]) -> None:
    """Ends the run, with the worker's last words, if a worker stopped."""
    for worker in workers:
        if worker.poll() is not None:
            worker.log.seek(0)
            sys.stderr.write(worker.log.read().decode(errors="replace")[-4000:])
            raise SystemExit(f"a worker stopped (exit {worker.returncode}): no number to report")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        worker.log.close()


def enqueue(count: int) -> set[str]:
    from django.db import transaction

    from sendresolve.notifications.services import email_enqueue

    with transaction.atomic():
        messages = [email_enqueue(to=f"parent{n}@bench.test", subject=f"Your mediation meeting ({n})", body_text=BODY)
                    for n in range(count)]
    return {message.message_id for message in messages}


def wait_until_sent(count: int, workers: list[subprocess.Popen], timeout: float) -> None:
    """Looks ten times a second, in one light query, so that watching costs the workers little."""
    from django.db.models import Count, Q

    from sendresolve.notifications.models import OutboundEmail

    deadline = time.monotonic() + timeout
    while True:
        seen = OutboundEmail.objects.aggregate(sent=Count("pk", filter=Q(status=OutboundEmail.Status.SENT)),
                                               failed=Count("pk", filter=~Q(last_error="")))
        if seen["sent"] == count:
            return
        stopped(workers)
        if seen["failed"]:
            raise SystemExit("a message could not be sent: no number to report")
        if time.monotonic() > deadline:
            raise SystemExit(f"not all {count} messages were sent within {timeout:.0f} s")
        time.sleep(0.1)


def measure(workers: int, messages: int, sink: Sink) -> dict:
    empty_outbox()
    sink.reset()
    running = start_workers(workers, sink.port)
    try:
        expected = enqueue(messages)
        started = time.perf_counter()
        wait_until_sent(messages, running, timeout=max(120, messages / 5))
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(running)
    received, connections = sink.stats()
    duplicates = len(received) - len(set(received))
    assert duplicates == 0, f"{duplicates} messages were delivered twice"
    assert set(received) == expected, "the server did not receive exactly the messages enqueued"
    sink.reset()
    floor_per_second = floor(sink.port, messages)
    return {"bench": "worker", "workers": workers, "messages": messages, "per_second": round(messages / elapsed, 1),
            "floor_per_second": round(floor_per_second, 1), "duplicates": duplicates, "connections": connections}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker processes, one run each")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    sink = Sink()
    try:
        if not args.json:
            print(f"{args.messages:,} e-mails to a local SMTP server (aiosmtpd in its own process), "
                  f"{os.cpu_count()} CPUs")
        for workers in args.workers:
            result = measure(workers, args.messages, sink)
            if args.json:
                print(json.dumps(result), flush=True)
            else:
                print(f"{workers} worker{'s' if workers > 1 else ' '}  {result['per_second']:7.1f} e-mails/s over "
                      f"{result['connections']} connections   floor (smtplib, one connection) "
                      f"{result['floor_per_second']:7.1f}/s   duplicates {result['duplicates']}", flush=True)
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
