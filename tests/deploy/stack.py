"""The production shape on one machine, for `scripts/production-smoke.sh`: a throwaway PostgreSQL database, two
gunicorn web processes (two workers each, `config/gunicorn.conf.py`), two `sendresolve worker` processes, and nginx
in front of them (`deploy/nginx.conf.template`) with TLS from a certificate made for the run.

Each process is started in its own process group, recorded in `<root>/pids/`, so that one can be killed whole
(a web process is a gunicorn master and its workers, as when its machine dies) and so that the shell script can
still stop everything if this program itself is killed."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.notifications.smtp_sink import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
TEMPLATE = REPOSITORY / "deploy" / "nginx.conf.template"
SERVER_NAME = "localhost"
# gunicorn's access log: the worker's process id and the request's time, to find each worker's first request.
ACCESS_FORMAT = '%(p)s %(L)s %(s)s "%(r)s"'


def render_nginx_conf(values: dict[str, str]) -> str:
    """The template with every ${SR_...} filled in; nginx's own $variables are left alone."""
    text = TEMPLATE.read_text()
    missing = sorted(set(re.findall(r"\$\{(SR_[A-Z_]+)\}", text)) - set(values))
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return re.sub(r"\$\{(SR_[A-Z_]+)\}", lambda match: values[match.group(1)], text)


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(database_url(url, "postgres"), autocommit=True)


def database_create(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a run that was itself killed
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(condition, timeout: float, what: str, every: float = 0.05):
    """Polls until `condition()` is truthy; a bounded wait for an event, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None
    killed: bool = False

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(text[-lines:])


@dataclass
class Stack:
    root: Path
    database_url: str  # the throwaway database: made (again) by prepare(), dropped by the caller
    smtp_port: int
    nginx_port: int = field(default_factory=free_port)
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.url = f"https://{SERVER_NAME}:{self.nginx_port}"
        self.database_name = urlsplit(self.database_url).path.lstrip("/")
        self.certificate = self.root / "tls" / "certificate.pem"
        (self.root / "pids").mkdir(parents=True, exist_ok=True)
        (self.root / "logs").mkdir(exist_ok=True)
        from cryptography.fernet import Fernet

        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SENDRESOLVE_MODE": "production",
            "SENDRESOLVE_VAR_DIR": str(self.root / "var"),
            "DJANGO_SECRET_KEY": os.urandom(32).hex(),
            "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DATABASE_URL": self.database_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "ALLOWED_HOSTS": SERVER_NAME,
            "SITE_URL": self.url,
            "TRUSTED_PROXY_COUNT": "1",  # nginx, and nothing in front of it
            # A dead worker's message is handed on after 10 s (not 2 minutes), and /healthz forgets a dead worker
            # after four 2-second sweeps: the smoke waits for both, so they are short.
            "OUTBOX_LEASE_SECONDS": "10",
            "WORKER_SWEEP_SECONDS": "2",
            "LOG_LEVEL": "WARNING",  # gunicorn's and nginx's access logs say what each request did
        }
        for inherited in ("DJANGO_DEBUG", "BEHIND_PROXY", "SECURE_SSL_REDIRECT", "SENDRESOLVE_DEMO", "TASKS_BACKEND"):
            self.env.pop(inherited, None)  # the shell's, not production's: the run is the same from any shell

    # Before anything runs: the database, the static files, the certificate and nginx's configuration.

    def prepare(self) -> None:
        database_create(self.database_url)
        manage = [sys.executable, "-m", "sendresolve", "manage"]
        static = self._run_in_background("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"])
        self._run("migrate", [*manage, "migrate", "--noinput", "-v0"])
        self._run("createcachetable", [*manage, "createcachetable"])
        if static.wait(timeout=120) != 0:
            raise RuntimeError(f"collectstatic failed:\n{(self.root / 'logs' / 'collectstatic.log').read_text()}")
        self._certificate()
        self._nginx_conf()

    def _run_in_background(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.root / "logs" / f"{name}.log").open("w")
        return subprocess.Popen(args, env=self.env, cwd=REPOSITORY, stdout=log, stderr=subprocess.STDOUT)

    def _run(self, name: str, args: list[str]) -> None:
        if self._run_in_background(name, args).wait(timeout=120) != 0:
            raise RuntimeError(f"{name} failed:\n{(self.root / 'logs' / f'{name}.log').read_text()}")

    def _certificate(self) -> None:
        self.certificate.parent.mkdir(exist_ok=True)
        key = self.certificate.parent / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "1", "-subj", f"/CN={SERVER_NAME}", "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
             "-keyout", str(key), "-out", str(self.certificate)],
            check=True, capture_output=True)

    def _nginx_conf(self) -> None:
        prefix = self.root / "nginx"
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.web_ports = {"web-a": free_port(), "web-b": free_port()}
        servers = "\n        ".join(f"server 127.0.0.1:{port};" for port in self.web_ports.values())
        (prefix / "nginx.conf").write_text(render_nginx_conf({
            "SR_PREFIX": str(prefix), "SR_LISTEN": f"127.0.0.1:{self.nginx_port}", "SR_SERVER_NAME": SERVER_NAME,
            "SR_CERTIFICATE": str(self.certificate), "SR_CERTIFICATE_KEY": str(self.certificate.parent / "key.pem"),
            "SR_STATIC_ROOT": str(self.root / "var" / "static"), "SR_UPSTREAM_SERVERS": servers,
        }))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", "nginx.conf", "-e",
                               str(prefix / "error.log")], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx refuses its configuration:\n{test.stderr}")

    # The processes.

    def _start(self, name: str, args: list[str], port: int | None = None) -> Process:
        log = self.root / "logs" / f"{name}.log"
        with log.open("w") as out:
            popen = subprocess.Popen(args, env=self.env, cwd=REPOSITORY, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # its own process group: killed whole, or not at all
        (self.root / "pids" / name).write_text(str(popen.pid))
        process = Process(name, popen, log, port)
        self.processes[name] = process
        return process

    def start(self) -> None:
        for name, port in self.web_ports.items():
            self._start(name, [
                sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--graceful-timeout", "5",
                # gunicorn's control socket defaults to one path per user: two web processes on one host need two.
                "--control-socket", str(self.root / f"{name}.ctl"),
                "--access-logfile", str(self.root / "logs" / f"{name}.access.log"), "--access-logformat", ACCESS_FORMAT,
            ], port)
        for name in ("worker-a", "worker-b"):
            self._start(name, [sys.executable, "-m", "sendresolve", "worker"])
        prefix = self.root / "nginx"
        self._start("nginx", [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", "nginx.conf",
                              "-e", str(prefix / "error.log"), "-g", "daemon off;"], self.nginx_port)
        for process in self.processes.values():
            if process.port:
                wait_for(lambda p=process: self._up(p) and port_open(p.port), 60, f"{process.name} listening")

    def _up(self, process: Process) -> bool:
        if not process.alive:
            raise RuntimeError(f"{process.name} stopped (exit {process.popen.returncode}):\n{process.tail()}")
        return True

    def worker_pids(self) -> dict[str, int]:
        return {name: p.popen.pid for name, p in self.processes.items() if name.startswith("worker-") and p.alive}

    def check_alive(self) -> None:
        for process in self.processes.values():
            if not process.killed:
                self._up(process)

    def kill(self, name: str) -> None:
        """SIGKILL to the whole process group: a gunicorn master and its workers, or a worker, die at once."""
        process = self.processes[name]
        process.killed = True
        os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait(timeout=10)

    def stop(self, name: str) -> None:
        """SIGTERM to the process group (the way a service manager stops it), SIGKILL if it is still there in 15 s."""
        process = self.processes[name]
        process.killed = True
        try:
            os.killpg(process.popen.pid, signal.SIGTERM)
        except ProcessLookupError:
            return  # the whole group is gone already
        try:
            process.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait(timeout=10)

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):  # nginx first, then the workers, then the web processes
            self.stop(name)
            (self.root / "pids" / name).unlink(missing_ok=True)
