"""Each worker records its own heartbeat; the sweep, which any worker may run, records none under another's id."""

import threading

import pytest

from sendresolve.notifications.management.commands.worker import heartbeat_loop
from sendresolve.notifications.models import WorkerHeartbeat
from sendresolve.notifications.tasks import worker_sweep

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_records_its_own_heartbeat_and_stops_when_told():
    stop = threading.Event()
    stop.set()  # told to stop: it beats once, now, and returns without waiting
    beating = threading.Thread(target=heartbeat_loop, args=("host-a:11", stop, 3600))
    beating.start()
    beating.join(timeout=30)
    assert not beating.is_alive()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["host-a:11"]


def test_the_sweep_records_no_heartbeat_for_the_worker_that_started_it():
    worker_sweep.call("host-b:22")  # run by some other worker, long after host-b:22 may have died
    assert not WorkerHeartbeat.objects.filter(worker_id="host-b:22").exists()
    stop = threading.Event()
    stop.set()
    heartbeat_loop("host-c:33", stop, 3600)  # positive control: a worker's own loop does record it
    assert WorkerHeartbeat.objects.filter(worker_id="host-c:33").exists()
