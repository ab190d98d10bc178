"""The embedded mode keeps its data to itself: private files, demo data only when asked and never in production,
and e-mail printed to the terminal only for the demo."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from django.core.management import call_command

from sendresolve.accounts.models import User


def _embedded_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "EMAIL_URL", "SENDRESOLVE_DEMO", "SENDRESOLVE_MODE", "DJANGO_SECRET_KEY",
                        "MFA_ENCRYPTION_KEYS")}
    return {**env, "SENDRESOLVE_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra}


def _run(args, env):
    return subprocess.run([sys.executable, "-m", "sendresolve", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_keys_and_folder_are_readable_by_the_service_alone(tmp_path):
    previous = os.umask(0o022)  # a machine's usual default, which the service starts under: readable by everyone
    try:
        done = _run(["manage", "migrate", "--verbosity", "0"], _embedded_env(tmp_path))
    finally:
        os.umask(previous)
    assert done.returncode == 0, done.stderr
    var = tmp_path / "var"
    assert _mode(var) == 0o700
    for name in ("sendresolve.sqlite3", "secret_key", "mfa_encryption_key"):
        assert _mode(var / name) == 0o600, name


def test_an_uploaded_letter_is_readable_by_the_service_alone(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "files")
    name = storage.save("letters/abc", ContentFile(b"%PDF-1.4\n"))
    assert _mode(tmp_path / "files" / name) == 0o600
    assert _mode(tmp_path / "files" / "letters") == 0o700


@pytest.mark.parametrize("command", [["up", "--no-demo"], ["worker", "--batch"]])
def test_without_a_mail_server_the_service_refuses_to_start_unless_it_is_the_demo(tmp_path, command):
    done = _run(command, _embedded_env(tmp_path))
    assert done.returncode != 0
    assert "No e-mail server is configured: set EMAIL_URL" in done.stderr


def test_the_demo_prints_e_mail_to_the_terminal_and_nothing_else_does(tmp_path):
    script = ("import django; django.setup(); from django.conf import settings; "
              "print(settings.MAILERS['default']['BACKEND'])")
    demo = subprocess.run([sys.executable, "-c", script], env=_embedded_env(tmp_path, SENDRESOLVE_DEMO="1"),
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    plain = subprocess.run([sys.executable, "-c", script], env=_embedded_env(tmp_path),
                           capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    assert demo == "django.core.mail.backends.console.EmailBackend"
    assert plain == "sendresolve.notifications.backends.NoMailServerBackend"


def test_production_never_loads_the_demo(tmp_path):
    env = _embedded_env(tmp_path, SENDRESOLVE_MODE="production", DJANGO_SECRET_KEY="test-only-" + "x" * 50,
                        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}", EMAIL_URL="smtp://localhost:2525",
                        MFA_ENCRYPTION_KEYS="Rr3B2Zl4c1QW2n5n7u0yJ8m1qkN5mP0a3zV8xY2wT6s=", SENDRESOLVE_DEMO="1")
    assert _run(["manage", "migrate", "--verbosity", "0"], env).returncode == 0
    refused = _run(["seed-demo"], env)
    assert refused.returncode != 0 and "never loaded in production mode" in refused.stderr
    script = ("import django; django.setup(); from django.conf import settings; "
              "from sendresolve.accounts.models import User; "
              "print(settings.MAILERS['default']['BACKEND'], User.objects.count())")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60,
                         check=True).stdout.split()
    assert out == ["sendresolve.notifications.backends.SmtpEmailBackend", "0"]  # SENDRESOLVE_DEMO is ignored there


class _StoppedProcess:
    """A web server or worker that has already stopped: `up` returns at once instead of serving."""

    returncode = 0

    def poll(self):
        return 0

    def wait(self, timeout=None):
        return 0


@pytest.mark.django_db
def test_up_loads_the_demo_only_when_asked_and_only_in_embedded_mode(settings, monkeypatch):
    started = []
    from sendresolve.portal.management.commands import up

    monkeypatch.setattr(up, "start_process", lambda args, env: started.append(env) or _StoppedProcess())
    settings.PRODUCTION = True
    call_command("up")
    assert User.objects.count() == 0
    assert all("SENDRESOLVE_DEMO" not in env for env in started)
    settings.PRODUCTION = False
    call_command("up")
    assert User.objects.filter(email="admin@demo.sendresolve.test").exists()
    assert started[-1]["SENDRESOLVE_DEMO"] == "1"
    assert started[-1]["SITE_URL"] == "http://localhost:8000"  # links in e-mails point where it runs
