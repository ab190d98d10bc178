import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sendresolve.notifications.backends import NO_MAIL_SERVER, mail_server_missing
from sendresolve.notifications.delivery import worker_heartbeat
from sendresolve.notifications.tasks import worker_sweep

log = logging.getLogger(__name__)


def heartbeat_loop(worker_id: str, stop: threading.Event, every: float) -> None:
    """Records this worker's heartbeat now and every `every` seconds until `stop` is set: each worker its own, so
    /healthz counts the workers alive (the sweep, which any worker may run, cannot say which one it is)."""
    while True:
        try:
            worker_heartbeat(worker_id=worker_id)
        except Exception:  # a database blip: the next beat tries again
            log.exception("worker %s could not record its heartbeat", worker_id)
        finally:
            connections.close_all()  # this thread's own connection
        if stop.wait(every):
            return


class Command(BaseCommand):
    help = "Runs the background worker: sends e-mail from the outbox and runs scheduled work."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="drain the queue, then stop")

    def handle(self, *args, batch: bool = False, **options):
        if mail_server_missing():
            raise CommandError(NO_MAIL_SERVER)
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        worker_heartbeat(worker_id=worker_id)
        stop = threading.Event()
        threading.Thread(target=heartbeat_loop, args=(worker_id, stop, settings.WORKER_SWEEP_SECONDS),
                         name="heartbeat", daemon=True).start()
        # One sweep chain is enough for the whole deployment; start one if none is waiting.
        if not DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=worker_sweep.module_path).exists():
            worker_sweep.enqueue(worker_id)
        worker_args = ["--queue-name", "*", "--interval", "0.5", "--no-startup-delay", "--worker-id", worker_id]
        if batch:
            worker_args.append("--batch")
        try:
            call_command("db_worker", *worker_args, verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
