"""/healthz counts the workers seen recently: one that stops heartbeating drops out of the count, and the service is
unhealthy only when none is left. Heartbeats are moved into the past instead of waiting for them to age."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sendresolve.notifications.delivery import worker_heartbeat
from sendresolve.notifications.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _stops_heartbeating(worker_id: str, seconds_ago: int) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=timezone.now() - timedelta(seconds=seconds_ago))


@pytest.fixture
def two_workers(settings):
    settings.WORKER_SWEEP_SECONDS = 30  # a worker counts while seen in the last four sweeps: 120 seconds
    worker_heartbeat(worker_id="web-1:101")
    worker_heartbeat(worker_id="web-2:202")


def test_two_live_workers_are_counted(client, two_workers):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"] == "ok"
    assert body["workers_seen"] == 2
    assert body["workers_window_seconds"] == 120
    assert "web-1" not in response.content.decode()  # the page is public: no host names or process ids
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_worker_that_stops_heartbeating_drops_out_and_the_service_stays_up(client, two_workers):
    before = client.get("/healthz").json()
    _stops_heartbeating("web-2:202", seconds_ago=121)
    after = client.get("/healthz")
    assert after.status_code == 200
    assert after.json()["workers_seen"] == 1
    assert before["workers_seen"] == 2
    assert after.json()["status"] == after.json()["worker"] == "ok"  # one worker still sends the e-mail


def test_a_worker_seen_just_inside_the_window_still_counts(client, two_workers):
    _stops_heartbeating("web-2:202", seconds_ago=110)
    assert client.get("/healthz").json()["workers_seen"] == 2


def test_when_every_worker_stops_heartbeating_the_service_is_unhealthy_and_says_since_when(client, two_workers):
    _stops_heartbeating("web-1:101", seconds_ago=300)
    _stops_heartbeating("web-2:202", seconds_ago=200)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "ok"
    assert body["worker"] == "last seen 200 seconds ago"
    assert body["workers_seen"] == 0
    newest = WorkerHeartbeat.objects.get(worker_id="web-2:202").seen_at
    assert body["worker_seen_at"] == newest.isoformat()


def test_the_window_follows_the_sweep_interval(client, settings):
    settings.WORKER_SWEEP_SECONDS = 2  # the production smoke's setting: a dead worker is gone from the count in 8 s
    worker_heartbeat(worker_id="web-1:101")
    _stops_heartbeating("web-1:101", seconds_ago=9)
    body = client.get("/healthz").json()
    assert body["workers_window_seconds"] == 8
    assert body["workers_seen"] == 0
    assert body["status"] == "unhealthy"


def test_a_database_that_does_not_answer_is_reported(client, two_workers, monkeypatch):
    from django.db.utils import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "database": "error: OperationalError"}
