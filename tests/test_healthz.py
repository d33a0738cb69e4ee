"""/healthz for load balancers and monitors: the database, the task worker's heartbeat and the work a
dead worker left behind. Heartbeats are written by ppuri.core.worker into the cache, as the worker does."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ppuri.core.worker import worker_beat, worker_stopped
from ppuri.registry.models import ImportRun
from ppuri.registry.tasks import import_run_execute
from tests.importing.conftest import SAMPLE_35

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Heartbeats of this test's own: the file cache under var/ is shared with other test runs."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # a local-memory cache outlives the test that made it


def health() -> tuple[int, dict]:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]  # never a cached "ok"
    return response.status_code, response.json()


def test_a_fresh_deployment_with_no_worker_and_nothing_to_do_is_healthy():
    status, body = health()
    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "problems": [],
        "worker": {"alive": False, "last_heartbeat_seconds": None, "lease_seconds": 30},
        "tasks": {"waiting": 0, "stuck": 0, "failed_now": 0},
    }


def test_work_waiting_with_no_worker_is_unhealthy_until_a_worker_beats():
    run = ImportRun.objects.create(file_name="factories.csv")
    import_run_execute.enqueue(run.pk)
    status, body = health()
    assert status == 503 and body["status"] == "error"
    assert body["problems"] == ["work_waiting_without_worker"] and body["tasks"]["waiting"] == 1
    worker_beat(worker_id="w1", task_id=None)
    status, body = health()
    assert status == 200 and body["worker"]["alive"] and body["worker"]["last_heartbeat_seconds"] < 5


def test_a_worker_that_stopped_beating_is_reported_lost_and_one_that_stopped_cleanly_is_not(settings):
    settings.PPURI_WORKER_LEASE_SECONDS = 1
    worker_beat(worker_id="w1", task_id=None)
    assert health()[0] == 200
    time.sleep(1.2)
    status, body = health()
    assert status == 503 and body["problems"] == ["worker_lost"]
    assert body["worker"]["alive"] is False and body["worker"]["last_heartbeat_seconds"] >= 1
    worker_stopped(worker_id="w1")
    status, body = health()
    assert status == 200 and body["worker"]["last_heartbeat_seconds"] is None


def test_reading_it_fails_the_run_a_dead_worker_left_running(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    started = timezone.now() - timedelta(minutes=2)
    run = ImportRun(file_name="factories.csv", status="running", started_at=started)
    run.file.save("factories.csv", ContentFile(SAMPLE_35.read_bytes()), save=False)
    task = import_run_execute.enqueue(run.pk)
    DBTaskResult.objects.filter(pk=task.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["gone"]
    )
    run.task_id = task.id
    run.save()
    stored = tmp_path / run.file.name
    assert stored.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        status, body = health()
    assert status == 200 and body["tasks"] == {"waiting": 0, "stuck": 0, "failed_now": 1}
    run.refresh_from_db()
    assert run.status == "failed" and not stored.exists()
    assert health()[1]["tasks"]["failed_now"] == 0  # once


def test_a_task_of_any_kind_left_running_by_a_dead_worker_is_failed():
    task = import_run_execute.enqueue(0)  # no run behind it: only the generic sweep knows it
    started = timezone.now() - timedelta(minutes=2)
    DBTaskResult.objects.filter(pk=task.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["gone"]
    )
    status, body = health()
    assert status == 200 and body["tasks"]["failed_now"] == 1
    assert DBTaskResult.objects.get(pk=task.id).exception_class_path == "ppuri.core.worker.WorkerLost"


def test_a_lease_too_short_to_beat_in_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "-m", "ppuri.cli", "check"],
        env={**env, "PPURI_WORKER_LEASE_SECONDS": "0"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and "PPURI_WORKER_LEASE_SECONDS must be at least 2" in result.stderr
