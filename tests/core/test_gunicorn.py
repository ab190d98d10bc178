"""The web server as production runs it: gunicorn with the project's settings file says nothing about itself and
answers HEAD like GET, without a body."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

from tests.notifications.smtp_sink import free_port


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60  # readiness, not a measurement: gunicorn answers as soon as it is up
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def test_gunicorn_does_not_name_itself_and_answers_head(tmp_path):
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SENDRESOLVE_MODE")},
           "SENDRESOLVE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind",
                                f"127.0.0.1:{port}", "--workers", "1"], env=env, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        for method in ("GET", "HEAD"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request(method, "/")
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200, method
            assert "gunicorn" not in (response.getheader("Server") or "").lower()
            assert (body == b"") == (method == "HEAD")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_up_stops_its_web_server_and_worker_on_sigterm(tmp_path):
    import signal

    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SENDRESOLVE_MODE")},
           "SENDRESOLVE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
           "EMAIL_URL": "smtp://127.0.0.1:9"}
    up = subprocess.Popen([sys.executable, "-m", "sendresolve", "up", "--no-demo", "--port", str(port),
                           "--workers", "1"], env=env, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait_for(port, up)
        up.send_signal(signal.SIGTERM)
        assert up.wait(timeout=60) == 0
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            answered = True
        except OSError:
            answered = False
        assert not answered  # the web server went with it
    finally:
        if up.poll() is None:
            os.killpg(up.pid, signal.SIGKILL)
