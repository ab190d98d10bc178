"""The service as a whole: health, headers, error pages, production settings."""

import json
import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from sendresolve.core import views
from sendresolve.notifications.delivery import worker_heartbeat

pytestmark = pytest.mark.django_db


def test_health_needs_a_live_worker(client):
    unhealthy = client.get("/healthz")
    assert unhealthy.status_code == 503
    assert unhealthy.json() == {"status": "unhealthy", "database": "ok", "worker": "never seen",
                                # and the outbox's figures (ADR 18)
                                "outbox": "ok", "failed_messages": 0, "bounced_messages": 0,
                                "statutory_notices_undelivered": 0, "oldest_unsent_age_s": 0}
    worker_heartbeat(worker_id="test-worker")
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json()["status"] == "ok"


def test_every_response_has_a_content_security_policy_without_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_share_the_service_look(client):
    page = client.get("/").content.decode()
    assert page.count("<h1") == 1
    assert "SEND Resolve" in page
    assert "govuk-frontend.min.css" in page
    assert "<script>" not in page  # no inline script: every script has a src


@pytest.mark.parametrize("path, status, heading", [
    ("/no-such-page/", 404, "Page not found"),
    ("/admin/", 404, "Page not found"),
])
def test_error_pages_are_in_the_service_style(client, path, status, heading):
    response = client.get(path)
    assert response.status_code == status
    assert heading in response.content.decode()


def test_server_error_page_renders_without_the_database():
    request = RequestFactory().get("/")
    response = views.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_production_mode_turns_on_transport_security(tmp_path):
    env = {
        **os.environ,
        "SENDRESOLVE_MODE": "production",
        "DJANGO_SECRET_KEY": "test-only-" + "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "EMAIL_URL": "smtp://localhost:2525",
        "ALLOWED_HOSTS": "send.example.org",
        "MFA_ENCRYPTION_KEYS": "Rr3B2Zl4c1QW2n5n7u0yJ8m1qkN5mP0a3zV8xY2wT6s=",
    }
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'session_secure': s.SESSION_COOKIE_SECURE, 'session_httponly': s.SESSION_COOKIE_HTTPONLY,"
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT,"
        "'debug': s.DEBUG, 'email': s.MAILERS['default']['BACKEND']}))"
    )
    done = subprocess.run([sys.executable, "-c", script], env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                          capture_output=True, text=True, timeout=60, check=True)
    values = json.loads(done.stdout.strip().splitlines()[-1])
    assert values == {
        "session_secure": True, "session_httponly": True, "csrf_secure": True, "hsts": 31536000,
        "redirect": True, "debug": False, "email": "sendresolve.notifications.backends.SmtpEmailBackend",
    }


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "MFA_ENCRYPTION_KEYS"])
def test_production_mode_refuses_to_start_without_its_secrets(tmp_path, missing):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "MFA_ENCRYPTION_KEYS")}
    env.update(SENDRESOLVE_MODE="production", DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}",
               EMAIL_URL="smtp://localhost:2525", DJANGO_SETTINGS_MODULE="config.settings",
               DJANGO_SECRET_KEY="test-only-" + "x" * 50,
               MFA_ENCRYPTION_KEYS="Rr3B2Zl4c1QW2n5n7u0yJ8m1qkN5mP0a3zV8xY2wT6s=")
    del env[missing]
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert missing in done.stderr


def test_the_deployment_check_is_clean_in_production_mode_but_for_hsts_preload(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")},
           "SENDRESOLVE_MODE": "production", "DJANGO_SECRET_KEY": "k3y-" + "Zq9!xT2@" * 8,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "EMAIL_URL": "smtp://localhost:2525",
           "ALLOWED_HOSTS": "send.example.org", "MFA_ENCRYPTION_KEYS": "Rr3B2Zl4c1QW2n5n7u0yJ8m1qkN5mP0a3zV8xY2wT6s=",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-m", "sendresolve", "manage", "check", "--deploy"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert "security.W021" in output  # HSTS preload: the provider's own decision, made with its domain
    assert "identified 1 issue" in output, output


def test_email_url_becomes_django_6_1_s_default_mailer(tmp_path):
    """Issue 11: e-mail settings use MAILERS; EMAIL_URL's TLS, account and timeout reach the SMTP connection."""
    env = {**os.environ, "EMAIL_URL": "smtp+tls://relay:secret@mail.example.org:587", "EMAIL_TIMEOUT": "7",
           "SENDRESOLVE_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = ("import django, json; django.setup(); from django.core import mail; c = mail.mailers.default; "
              "print(json.dumps([type(c).__module__, c.host, c.port, c.username, c.use_tls, c.timeout]))")
    done = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", script], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        "sendresolve.notifications.backends", "mail.example.org", 587, "relay", True, 7]  # Django's, keeping replies
