"""How work reaches the workers (ADR 15): a message rides on a delivery task that is sure to start after its commit,
or gets one of its own; a drain asks for help while there is more than a batch, and for someone to carry on when
its time is up; a burst of messages costs a handful of tasks, not one each."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sendresolve.notifications.delivery import outbox_drain
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.tasks import deliver_email, worker_sweep
from tests.notifications.conftest import enqueue


def delivery_tasks(status=TaskResultStatus.READY) -> int:
    return DBTaskResult.objects.filter(task_path=deliver_email.module_path, status=status).count()


@pytest.mark.django_db
def test_messages_ride_on_a_waiting_delivery_task_and_one_task_sends_them_all(sink, settings):
    settings.OUTBOX_BATCH_SIZE = 50
    messages = enqueue(120)
    assert delivery_tasks() == 1
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # a worker has taken it
    assert deliver_email.call("") == 120
    assert sorted(sink.message_ids()) == sorted(m.message_id for m in messages) and sink.connections() == 1
    assert delivery_tasks() == 1  # after its first full batch it asked for help: one task waits for a free worker


@pytest.mark.django_db
def test_a_delivery_task_already_started_is_not_ridden_on():
    enqueue(1)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # its drain may have looked already
    enqueue(1)
    assert delivery_tasks() == 1 and delivery_tasks(TaskResultStatus.RUNNING) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL's SELECT ... SKIP LOCKED")
def test_a_waiting_task_that_a_worker_is_claiming_is_not_ridden_on():
    enqueue(1)
    locked, done, errors = threading.Event(), threading.Event(), []

    def worker_claiming_it():
        try:
            with transaction.atomic():
                list(DBTaskResult.objects.select_for_update().filter(task_path=deliver_email.module_path))
                locked.set()
                assert done.wait(timeout=120)  # a bound never reached when the code is right
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    claimer = threading.Thread(target=worker_claiming_it)
    claimer.start()
    try:
        assert locked.wait(timeout=120)
        enqueue(1)  # must neither wait for the claim nor count on the task being claimed: it may start before this
    finally:
        done.set()
        claimer.join()
    assert errors == [] and delivery_tasks() == 2


@pytest.mark.django_db
def test_a_drain_asks_for_help_after_each_full_batch_and_for_someone_to_carry_on_when_out_of_time(sink):
    enqueue(25)
    asked = []
    assert outbox_drain(batch_size=10, on_backlog=lambda: asked.append("help")) == 25
    assert asked == ["help", "help"]  # after 10 and 20; the last batch of 5 was short: nothing more was due
    asked.clear()
    enqueue(3)
    assert outbox_drain(seconds=0, on_backlog=lambda: asked.append("carry on")) == 0
    assert asked == ["carry on"]


@pytest.mark.django_db
def test_the_sweep_enqueues_one_task_for_whatever_is_due(sink, settings):
    settings.SWEEP_JOBS = []
    enqueue(120)
    DBTaskResult.objects.all().delete()
    OutboundEmail.objects.update(lease_until=timezone.now())  # retry time come, or a dead worker's lease run out
    assert worker_sweep.call("test-worker") == 120
    assert delivery_tasks() == 1
    worker_sweep.call("test-worker")
    assert delivery_tasks() == 1  # one waiting is enough
