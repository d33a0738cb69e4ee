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


def test_readyz_is_ready_when_the_database_migrations_cache_and_worker_are(client):
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["problems"] == []
    assert (body["database"], body["migrations"], body["cache"]) == ("ok", "ok", "ok")


def test_readyz_is_not_ready_while_a_migration_is_pending(monkeypatch):
    from django.db import connection

    import ppuri.core.views

    monkeypatch.setattr(ppuri.core.views, "_migrated", False)
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = 'dashboards'")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending" and "migrations" in response.json()["problems"]


def test_readyz_is_not_ready_when_the_cache_does_not_answer(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["cache"] == "error"


def test_every_response_carries_its_request_id_and_a_well_formed_one_from_the_proxy_is_kept():
    first = Client().get("/healthz")
    second = Client().get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    kept = Client().get("/healthz", HTTP_X_REQUEST_ID="nginx-4f1c2a9e")
    assert kept["X-Request-ID"] == "nginx-4f1c2a9e"
    # A header a log reader or another header could be tricked by is replaced, not echoed.
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert forged["X-Request-ID"] != "x\r\nSet-Cookie: a=b" and len(forged["X-Request-ID"]) == 32


def test_log_lines_carry_the_request_id_as_json():
    import io
    import json
    import logging

    from django.http import HttpResponse
    from django.test import RequestFactory

    from ppuri.core.request_id import JsonFormatter, RequestIdFilter, RequestIdMiddleware

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("ppuri.tests.request_id")
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("견적 요청 %s건 처리", 3)
            return HttpResponse("ok")

        response = RequestIdMiddleware(view)(RequestFactory().get("/"))
        logger.warning("outside a request")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["request_id"] == response["X-Request-ID"]
    assert inside["message"] == "견적 요청 3건 처리" and inside["level"] == "WARNING"
    assert outside["request_id"] == "-"


def test_a_server_error_shows_its_request_id_on_the_page_and_in_the_api(settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    page = client.get("/boom/")
    assert page.status_code == 500
    assert page["X-Request-ID"] in page.content.decode()
    api = client.get("/api/boom/")
    assert api.status_code == 500 and api.json()["request_id"] == api["X-Request-ID"]


def test_livez_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and response["X-Request-ID"]
