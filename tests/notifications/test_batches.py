"""The outbox in batches (ADR 15): many messages over one connection; one message's failure is its own; a dropped
connection hands back what was not tried; workers side by side never send anything twice; a dead worker's batch
is sent by another after its lease. Every test talks to a real SMTP server on loopback."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from sendresolve.notifications import delivery
from sendresolve.notifications.claims import Claim, outbox_claim
from sendresolve.notifications.delivery import (
    MAX_ATTEMPTS,
    outbox_deliver_batch,
    outbox_drain,
    outbox_due_for_retry,
)
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import DocumentAttachment, email_enqueue
from tests.notifications.conftest import enqueue
from tests.notifications.smtp_sink import SmtpSink, free_port

Status = OutboundEmail.Status


def states(messages) -> list[tuple[str, int]]:
    by_pk = {m.pk: (m.status, m.attempts) for m in OutboundEmail.objects.filter(pk__in=[m.pk for m in messages])}
    return [by_pk[message.pk] for message in messages]


def received_once(sink: SmtpSink, messages) -> bool:
    return Counter(sink.message_ids()) == Counter(message.message_id for message in messages)


@pytest.mark.django_db
def test_a_drain_sends_every_due_message_in_batches_over_one_connection(sink, settings):
    settings.OUTBOX_BATCH_SIZE = 50
    messages = enqueue(120)
    assert outbox_drain() == 120
    assert received_once(sink, messages)
    assert sink.connections() == 1
    assert states(messages) == [(Status.SENT, 1)] * 120
    assert outbox_drain() == 0


@pytest.mark.django_db
def test_a_batch_sends_at_most_its_limit_oldest_first(sink):
    messages = enqueue(5)
    assert outbox_deliver_batch(limit=3) == 3
    assert sink.message_ids() == [message.message_id for message in messages[:3]]
    assert states(messages)[3:] == [(Status.PENDING, 0)] * 2


@pytest.mark.django_db
def test_a_refused_message_is_retried_later_and_the_rest_of_the_batch_is_sent_once(settings):
    with SmtpSink(refuse=("p2@example.test",)) as sink:
        settings.MAILERS = {"default": sink.mailer}
        messages = enqueue(5)
        assert outbox_deliver_batch() == 4
        refused = OutboundEmail.objects.get(pk=messages[2].pk)
        assert refused.status == Status.PENDING and refused.attempts == 1 and "No such user" in refused.last_error
        assert refused.lease_until > timezone.now()  # its back-off: not tried again at once
        others = messages[:2] + messages[3:]
        assert received_once(sink, others) and states(others) == [(Status.SENT, 1)] * 4
        assert sink.connections() == 1  # the refusal did not cost the connection


@pytest.mark.django_db
def test_the_last_attempt_gives_up(settings):
    with SmtpSink(refuse=("p0@example.test",)) as sink:
        settings.MAILERS = {"default": sink.mailer}
        [message] = enqueue(1)
        OutboundEmail.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
        assert outbox_deliver_batch() == 0
        message.refresh_from_db()
        assert message.status == Status.FAILED and message.attempts == MAX_ATTEMPTS and message.lease_until is None


@pytest.mark.django_db
def test_a_message_whose_document_cannot_be_fetched_fails_alone(sink, monkeypatch):
    def missing(ref):
        raise LookupError(f"no document {ref}")

    monkeypatch.setitem(delivery.ATTACHMENT_RESOLVERS, "missing", missing)
    first = enqueue(1)
    broken = email_enqueue(to="q@example.test", subject="Your certificate", body_text="Attached",
                           attachments=(DocumentAttachment(resolver="missing", ref="MC-1"),))
    last = enqueue(1)
    assert outbox_deliver_batch() == 2
    broken.refresh_from_db()
    assert broken.status == Status.PENDING and broken.attempts == 1 and "no document MC-1" in broken.last_error
    assert received_once(sink, first + last) and sink.connections() == 1


@pytest.mark.django_db
def test_a_dropped_connection_hands_back_the_untried_rest_uncounted(settings):
    with SmtpSink(drop_at=("p3@example.test",)) as sink:
        settings.MAILERS = {"default": sink.mailer}
        messages = enqueue(6)
        assert outbox_deliver_batch() == 3
        assert states(messages) == [(Status.SENT, 1)] * 3 + [(Status.PENDING, 1)] + [(Status.PENDING, 0)] * 2
        dropped = OutboundEmail.objects.get(pk=messages[3].pk)
        assert dropped.lease_until > timezone.now() and "SMTPServerDisconnected" in dropped.last_error
        handed_back = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages[4:]])
        assert all(m.lease_until <= timezone.now() for m in handed_back)  # due at once
        assert outbox_deliver_batch() == 2  # due at once, over a new connection
        assert received_once(sink, messages[:3] + messages[4:]) and sink.connections() == 2


@pytest.mark.django_db
def test_a_drain_reopens_a_dropped_connection_and_carries_on(settings):
    with SmtpSink(drop_at=("p3@example.test",)) as sink:
        settings.MAILERS = {"default": sink.mailer}
        messages = enqueue(6)
        assert outbox_drain() == 5
        assert received_once(sink, messages[:3] + messages[4:]) and sink.connections() == 2
        assert states(messages)[3] == (Status.PENDING, 1)  # tried once, due again after its back-off


@pytest.mark.django_db
def test_an_unreachable_server_costs_one_attempt_and_hands_back_the_rest(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5}}}
    messages = enqueue(3)
    assert outbox_drain() == 0  # and it returns: no spinning on a server that is down
    assert states(messages) == [(Status.PENDING, 1), (Status.PENDING, 0), (Status.PENDING, 0)]
    assert "ConnectionRefusedError" in OutboundEmail.objects.get(pk=messages[0].pk).last_error


@pytest.mark.django_db
def test_a_worker_stopped_mid_batch_hands_back_what_it_had_not_started(sink, monkeypatch):
    def stop(ref):
        raise SystemExit(1)  # what the worker does on a second Ctrl-C

    monkeypatch.setitem(delivery.ATTACHMENT_RESOLVERS, "stop", stop)
    before = enqueue(2)
    in_flight = email_enqueue(to="q@example.test", subject="Stop", body_text="...",
                              attachments=(DocumentAttachment(resolver="stop", ref="x"),))
    after = enqueue(2)
    with pytest.raises(SystemExit):
        outbox_deliver_batch()
    # The one being sent keeps its lease (it may have reached the server); the rest are due at once, uncounted.
    assert states(before + [in_flight] + after) == [(Status.SENT, 1)] * 2 + [(Status.SENDING, 1)] + [
        (Status.PENDING, 0)] * 2


@pytest.mark.django_db
def test_a_dead_workers_batch_is_sent_by_another_after_its_lease_and_only_what_it_had_not_sent(sink):
    messages = enqueue(10)
    claim = outbox_claim(limit=10)
    assert [m.pk for m in claim.messages] == [m.pk for m in messages]
    with delivery._Mailer() as mailer:  # it sent four, then died holding the other six
        delivery._send_claimed(Claim(claim.messages[:4], claim.lease_until), mailer)
    assert outbox_deliver_batch() == 0  # its lease still runs: nobody else may send them
    assert not set(outbox_due_for_retry()) & {str(m.pk) for m in messages}
    OutboundEmail.objects.filter(status=Status.SENDING).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert set(outbox_due_for_retry()) == {str(m.pk) for m in messages[4:]}
    assert outbox_deliver_batch() == 6
    assert received_once(sink, messages)
    assert states(messages) == [(Status.SENT, 1)] * 4 + [(Status.SENT, 2)] * 6  # the dead worker's try counts


def _run_side_by_side(workers: int, work) -> list[BaseException]:
    """Runs `work` in threads, each with its own database connection, started together."""
    start, errors = threading.Barrier(workers), []

    def worker():
        try:
            start.wait()
            work()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # a bound never reached when the code is right: a blocked claim fails, not hangs
        if thread.is_alive():
            errors.append(TimeoutError("a worker was still running: blocked on another's claim?"))
    return errors


@pytest.mark.django_db(transaction=True)
def test_workers_side_by_side_send_every_message_exactly_once(settings):
    messages = enqueue(200)
    # Each connection's first message waits at the server until two are sending: two workers provably held
    # batches at the same time, whatever the scheduling.
    with SmtpSink(rendezvous=2) as sink:
        settings.MAILERS = {"default": sink.mailer}

        def drain_in_small_batches():
            while outbox_deliver_batch(limit=10):
                pass

        assert _run_side_by_side(3, drain_in_small_batches) == []
        assert received_once(sink, messages)
        assert sink.connections() >= 2
    assert states(messages) == [(Status.SENT, 1)] * 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL's SELECT ... SKIP LOCKED")
def test_a_claim_skips_rows_another_worker_is_claiming_instead_of_waiting(sink):
    messages = enqueue(10)
    done = []
    with transaction.atomic():
        # Another worker is in the middle of claiming the five oldest: their rows are locked until it commits.
        list(OutboundEmail.objects.select_for_update().filter(pk__in=[m.pk for m in messages[:5]]))
        errors = _run_side_by_side(1, lambda: done.append(outbox_deliver_batch()))
    assert errors == [] and done == [5]
    assert received_once(sink, messages[5:])
    assert outbox_deliver_batch() == 5
    assert received_once(sink, messages)


@pytest.mark.django_db
def test_a_drain_that_may_start_nothing_returns_instead_of_spinning(sink, settings):
    settings.OUTBOX_LEASE_SECONDS = 0  # every claim is past half its lease at once: nothing may be started
    messages = enqueue(3)
    assert outbox_drain(seconds=60) == 0
    assert states(messages) == [(Status.PENDING, 0)] * 3 and sink.message_ids() == []
