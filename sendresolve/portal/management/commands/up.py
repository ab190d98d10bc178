import contextlib
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sendresolve.notifications.backends import NO_MAIL_SERVER, mail_server_missing
from sendresolve.portal.demo import demo_is_needed


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def start_process(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(args, env=env)


class Command(BaseCommand):
    help = ("Migrates, loads the demo data into an empty database (embedded mode, unless --no-demo), and runs the "
            "web server and worker until Ctrl-C.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
        parser.add_argument("--workers", type=int, default=2, help="web server processes")

    def handle(self, *args, port: int, host: str, no_demo: bool, workers: int, **options):
        demo = not no_demo and not settings.PRODUCTION
        if not demo and mail_server_missing():
            raise CommandError(NO_MAIL_SERVER)
        if settings.PRODUCTION and not no_demo:
            self.stdout.write("Production mode: no demo data is loaded.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Database ready: " + str(settings.DATABASES["default"]["NAME"])))
        if demo and demo_is_needed():
            self.stdout.write("Loading demo data. Sign in with:")
            call_command("seed_demo", stdout=self.stdout)
        python = sys.executable
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
        if demo:
            env["SENDRESOLVE_DEMO"] = "1"  # the worker prints the demo's e-mail to this terminal
        # Links in e-mails and invitations point where this service runs, unless SITE_URL says otherwise.
        shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
        env.setdefault("SITE_URL", f"http://{shown_host}:{port}")
        worker = start_process([python, "-m", "sendresolve", "worker"], env)
        web = start_process(
            [python, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "config" / "gunicorn.conf.py"),
             "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "5"],
            env)
        self.stdout.write(self.style.SUCCESS(f"SEND Resolve is running at http://{host}:{port}/  (Ctrl-C stops it)"))
        # A service manager (systemd, a container runtime) stops it with SIGTERM: the same as Ctrl-C, so the web
        # server and the worker stop with it instead of being left running.
        signal.signal(signal.SIGTERM, _stop)
        try:
            while True:
                for name, process in (("web server", web), ("worker", worker)):
                    if process.poll() is not None:
                        self.stderr.write(f"The {name} stopped (exit {process.returncode}); stopping.")
                        return
                with contextlib.suppress(subprocess.TimeoutExpired):
                    web.wait(timeout=1)
        except KeyboardInterrupt:
            self.stdout.write("Stopping.")
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
