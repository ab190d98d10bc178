"""The outbox: enqueued with the change, sent after it, never lost, repeated at most once per dead worker."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from sendresolve.notifications.delivery import outbox_deliver, outbox_due_for_retry
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import email_enqueue
from tests.notifications.smtp_sink import SmtpSink


@pytest.mark.django_db
def test_a_message_is_enqueued_with_the_change_or_not_at_all():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(to="parent@example.test", subject="Your dates", body_text="...")
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    email_enqueue(to="parent@example.test", subject="Your dates", body_text="...")
    assert OutboundEmail.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_a_message_is_sent_once_with_its_message_id(mailoutbox):
    message = email_enqueue(to="la@example.test", subject="Mediation requested", body_text="Please arrange")
    assert outbox_deliver(message_id=message.pk) is True
    assert outbox_deliver(message_id=message.pk) is False
    [sent] = mailoutbox
    assert sent.extra_headers["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT and message.attempts == 1


@pytest.mark.django_db
@override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}})
def test_a_failed_send_is_kept_and_tried_again_later():
    message = email_enqueue(to="icb@example.test", subject="Health issues", body_text="...")
    assert outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.PENDING
    assert message.attempts == 1 and message.last_error
    assert str(message.pk) not in outbox_due_for_retry()  # not before its retry time


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def _start_worker(sink: SmtpSink) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": sink.url,
        "OUTBOX_LEASE_SECONDS": "2",
        "WORKER_SWEEP_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "sendresolve", "worker"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _sent_count() -> int:
    return OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_repeats_at_most_one_message():
    messages = [email_enqueue(to=f"person{n}@example.test", subject=f"Message {n}", body_text="Hello")
                for n in range(100)]
    expected = {message.message_id for message in messages}
    with SmtpSink(delay=0.02) as sink:
        first = _start_worker(sink)
        try:
            assert _wait_until(lambda: len(sink.message_ids()) >= 25, timeout=60), first.stderr.read1()
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        killed_at = len(sink.message_ids())
        assert killed_at < 100, "the worker finished before it could be killed"
        second = _start_worker(sink)
        try:
            # The sink has a message before the worker records it as sent: wait for both, then stop the worker.
            assert _wait_until(lambda: set(sink.message_ids()) >= expected and _sent_count() == 100, timeout=90)
        finally:
            second.terminate()
            second.wait(timeout=20)
        received = Counter(sink.message_ids())
    assert set(received) == expected
    repeats = {message_id: count for message_id, count in received.items() if count > 1}
    assert len(repeats) <= 1 and all(count == 2 for count in repeats.values())
    assert _sent_count() == 100
