"""Real `ppuri db_worker` processes against a database on disk: a worker killed mid-import (kill -9),
and a worker that meets SQLite's write lock held by another connection. Nothing is mocked; the lease is
LEASE_SECONDS (processes.py) instead of the default 30 s.

The first test runs on the suite's database engine (PostgreSQL when DATABASE_URL points there); the
second is about SQLite's lock and always runs on SQLite."""

import csv
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ppuri.accounts.models import Role
from ppuri.core.models import ActivityLog
from ppuri.core.worker import worker_last_beat_age
from ppuri.registry.importing.runs import WORKER_LOST
from ppuri.registry.importing.services import factory_import, import_run_record_result
from ppuri.registry.models import ImportRun, Organization, Site
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.importing.conftest import SAMPLE_35, row_35, sample_rows
from tests.importing.processes import (
    LEASE_SECONDS,
    Template,
    drop_template,
    migrate_template,
    postgres_url,
    site_from,
    template_from_test_database,
    wait_for,
)

ROWS = 500  # about 2.5 s of import (reading, writing, then the search index): time to kill it at 30 %


def factories_file(path: Path, rows: int, *, first: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(sample_rows(SAMPLE_35, "cp949")[0])
        for i in range(first, first + rows):
            address = f"인천광역시 남동구 남동대로 {1000 + i}"
            number = f"2820020{i:07d}"
            row = row_35(회사명=f"대량정밀{i}", 공장관리번호=number, 공장주소=address, 법인주소=address)
            writer.writerow(row)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory, django_db_setup, django_db_blocker):
    root = tmp_path_factory.mktemp("template")
    if postgres_url():
        template = migrate_template(root, engine="postgresql")
    elif connections["default"].is_in_memory_db():
        with django_db_blocker.unblock():
            template = template_from_test_database(root)
    else:  # this module alone: no test of the run asked pytest-django for its test database
        template = migrate_template(root, engine="sqlite")
    yield template
    drop_template(template)


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory, template) -> Template:
    if template.engine == "sqlite":
        return template
    return migrate_template(tmp_path_factory.mktemp("sqlite-template"), engine="sqlite")


def _site(template, tmp_path, settings, django_db_blocker):
    with django_db_blocker.unblock(), site_from(template, tmp_path / "site") as site:
        settings.MEDIA_ROOT = site.media
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(site.root / "cache"),
            }
        }
        settings.PPURI_WORKER_LEASE_SECONDS = LEASE_SECONDS
        yield site


@pytest.fixture
def site(template, tmp_path, settings, django_db_blocker):
    yield from _site(template, tmp_path, settings, django_db_blocker)


@pytest.fixture
def sqlite_site(sqlite_template, tmp_path, settings, django_db_blocker):
    yield from _site(sqlite_template, tmp_path, settings, django_db_blocker)


def operator_client():
    return client_for(UserFactory(username="operator", role=Role.OPERATOR, is_staff=True))


def upload(client, path: Path, **options) -> ImportRun:
    before = set(ImportRun.objects.values_list("pk", flat=True))
    response = client.post("/imports/", {"file": SimpleUploadedFile(path.name, path.read_bytes()), **options})
    assert response.status_code == 302
    return ImportRun.objects.exclude(pk__in=before).get()


def progress(client, run: ImportRun) -> dict:
    return client.get(f"/imports/{run.pk}/progress/").json()


def stored_uploads(site) -> list[Path]:
    return [path for path in (site.media / "imports").rglob("*") if path.is_file()]


def test_a_worker_killed_mid_import_leaves_a_failed_run_and_nothing_else_and_uploading_again_completes(
    site, tmp_path
):
    path = factories_file(tmp_path / "factories.csv", ROWS)
    client = operator_client()
    worker = site.start_worker()
    run = upload(client, path, strict="on")

    # Given an import 30 % of the way through, when its worker is killed without warning
    wait_for(lambda: progress(client, run)["percent"] >= 30, timeout=60, what="30 % of the import")
    assert len(stored_uploads(site)) == 1
    worker.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    worker.wait(timeout=10)
    at_kill = progress(client, run)
    assert at_kill["status"] == "running" and at_kill["percent"] < 100

    # then reading the run's progress (as its page does) finds it failed within the lease
    wait_for(lambda: progress(client, run)["status"] == "failed", timeout=LEASE_SECONDS * 3, what="failed")
    took = time.monotonic() - killed
    print(f"\n{site.database['ENGINE']}: killed at {at_kill['percent']} %, read failed {took:.1f} s later")
    # The issue asks for a minute; the lease (seconds) is what it takes on a quiet machine.
    assert took < 60
    run.refresh_from_db()
    assert run.message == WORKER_LOST and run.file.name == ""
    assert stored_uploads(site) == []
    # nothing of the file was written: an import is one transaction
    assert Organization.objects.count() == 0 and Site.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="registry.organization.imported").exists()
    task = DBTaskResult.objects.get(pk=run.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "ppuri.core.worker.WorkerLost"
    lost = ActivityLog.objects.get(verb="registry.import.worker_lost", target_id=str(run.pk))
    assert lost.actor is None and lost.data["worker"] == task.worker_ids[-1]
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert WORKER_LOST in page and f"/imports/?again={run.pk}" in page
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["problems"] == ["worker_lost"]

    # The operator uploads the file again from the form the run's page links to, its options filled in
    form = client.get(f"/imports/?again={run.pk}").context["form"]
    assert form["strict"].value() is True and form["dry_run"].value() is False
    site.start_worker()
    again = upload(client, path, strict="on")
    wait_for(lambda: progress(client, again)["finished"], timeout=120, what="the import uploaded again")
    again.refresh_from_db()
    assert (again.status, again.added, again.rejected) == ("done", ROWS, 0)
    assert Organization.objects.count() == ROWS
    # The worker deletes the upload just after writing the report the page reads.
    wait_for(lambda: stored_uploads(site) == [], timeout=30, what="the upload deleted after the import")
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["worker"]["alive"] and health["tasks"]["waiting"] == 0


def test_the_worker_waits_out_sqlites_write_lock_and_then_runs_the_queued_imports(sqlite_site, tmp_path):
    site = sqlite_site
    client = operator_client()
    first = upload(client, factories_file(tmp_path / "first.csv", 50))
    holder = sqlite3.connect(site.sqlite_path, timeout=60, isolation_level=None)
    try:
        # Given another connection holding the write lock before the worker starts (the command-line
        # import of the probe)
        holder.execute("BEGIN IMMEDIATE")
        locked = time.monotonic()
        worker = site.start_worker()
        wait_for(
            lambda: site.worker_log(0).count("Database is locked") >= 2,
            timeout=30,
            what="the worker to meet the lock twice",
        )
        # the worker lives on, beats, and /healthz sees it alive with work waiting
        assert worker.poll() is None
        age = worker_last_beat_age()
        assert age is not None and age < LEASE_SECONDS
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["tasks"]["waiting"] == 1
        first.refresh_from_db()
        assert first.status == "queued"
        holder.execute("COMMIT")
        held = time.monotonic() - locked
        wait_for(lambda: progress(client, first)["finished"], timeout=60, what="the first import")
        after_release = time.monotonic() - locked - held
    finally:
        holder.close()
    first.refresh_from_db()
    assert (first.status, first.added) == ("done", 50)
    assert worker.poll() is None and "Traceback" not in site.worker_log(0)
    print(f"\nlock held {held:.1f} s; first run done {after_release:.1f} s after its release")


def test_an_import_in_the_worker_waits_for_the_write_lock_where_the_command_line_gives_up(
    sqlite_site, tmp_path
):
    """The worker's import, taking SQLite's write lock after another writer (a command-line import):
    it waits (factory_import(wait_for_lock=True), then its report's save), where the command line gives
    up after the connection's timeout, having written nothing."""
    path = factories_file(tmp_path / "factories.csv", 30)
    holder = sqlite3.connect(
        sqlite_site.sqlite_path, timeout=60, isolation_level=None, check_same_thread=False
    )

    def hold_for(seconds: float) -> threading.Timer:
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(seconds, lambda: holder.execute("COMMIT"))
        release.start()
        return release

    try:
        release = hold_for(60)
        with pytest.raises(OperationalError, match="locked"):
            factory_import(path=path)
        release.cancel()
        holder.execute("COMMIT")
        assert not ImportRun.objects.exists() and not Organization.objects.exists()

        started = time.monotonic()
        hold_for(2.5)
        report = factory_import(path=path, wait_for_lock=True)
        assert time.monotonic() - started >= 2.5
        assert report.added == 30 and Organization.objects.count() == 30

        run = ImportRun.objects.get()
        hold_for(2.5)
        started = time.monotonic()
        import_run_record_result(run=run, report=report)
        assert time.monotonic() - started >= 2.0
    finally:
        holder.close()
    run.refresh_from_db()
    assert (run.status, run.added) == ("done", 30)
