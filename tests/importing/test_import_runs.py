"""An import run whose worker is gone, read in this process: the pages and a starting worker fail it;
"다시 실행" and "다시 올리기"; the worker command Ppuri runs. Real worker processes are in
test_worker_processes.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ppuri.core.models import ActivityLog
from ppuri.core.worker import worker_beat
from ppuri.registry.importing.runs import WORKER_LOST, import_run_create
from ppuri.registry.models import ImportRun, Organization
from ppuri.registry.tasks import import_run_execute
from tests.conftest import client_for
from tests.importing.conftest import SAMPLE_35

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def running_run(
    *, worker: str = "gone", started_ago: float = 60, status: str = "running", **fields
) -> ImportRun:
    """A run as a worker leaves it mid-import: its file stored, its task claimed by `worker`."""
    started = timezone.now() - timedelta(seconds=started_ago)
    run = ImportRun(file_name="factories.csv", status=status, started_at=started)
    run.file.save("factories.csv", ContentFile(SAMPLE_35.read_bytes()), save=False)
    run.save()
    task = import_run_execute.enqueue(run.pk)
    if status == "running":
        DBTaskResult.objects.filter(pk=task.id).update(
            status=TaskResultStatus.RUNNING, started_at=started, worker_ids=[worker]
        )
    ImportRun.objects.filter(pk=run.pk).update(task_id=task.id)
    run.refresh_from_db()
    return run


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_reading_the_run_page_fails_a_run_whose_worker_is_gone(operator, django_capture_on_commit_callbacks):
    run = running_run()
    stored = run.file.name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(operator).get(f"/imports/{run.pk}/").content.decode()
    run.refresh_from_db()
    assert (run.status, run.message, run.file.name) == ("failed", WORKER_LOST, "")
    assert run.finished_at is not None and not default_storage.exists(stored)
    assert WORKER_LOST in page and f'href="/imports/?again={run.pk}"' in page
    assert 'data-testid="import-retry"' not in page  # the file is gone: nothing to run again
    task = DBTaskResult.objects.get(pk=run.task_id)
    assert task.status == TaskResultStatus.FAILED and "gone" in task.traceback
    entry = ActivityLog.objects.get(verb="registry.import.worker_lost")
    assert entry.target_id == str(run.pk) and entry.data["worker"] == "gone"
    assert "factories.csv" in entry.summaries["ko"] and "factories.csv" in entry.summaries["en"]


def test_the_reason_reads_in_the_readers_language(operator):
    run = running_run()
    client = client_for(operator)
    english = client.get(f"/imports/{run.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "The worker process running this import stopped" in english and WORKER_LOST not in english


def test_the_progress_poll_fails_it_too(operator):
    run = running_run()
    state = client_for(operator).get(f"/imports/{run.pk}/progress/").json()
    assert state["status"] == "failed" and state["finished"]


def test_a_run_its_worker_still_beats_for_is_left_alone(operator):
    run = running_run(worker="alive")
    worker_beat(worker_id="alive", task_id=run.task_id)
    client = client_for(operator)
    client.get(f"/imports/{run.pk}/")
    client.get("/imports/")
    run.refresh_from_db()
    assert run.status == "running" and default_storage.exists(run.file.name)
    assert DBTaskResult.objects.get(pk=run.task_id).status == TaskResultStatus.RUNNING
    assert not ActivityLog.objects.filter(verb="registry.import.worker_lost").exists()


def test_a_run_younger_than_the_lease_is_given_time_for_its_worker_to_beat(operator):
    run = running_run(started_ago=1)
    client_for(operator).get(f"/imports/{run.pk}/")
    run.refresh_from_db()
    assert run.status == "running"


def test_a_live_worker_that_went_on_without_the_run_leaves_it_to_the_sweep(operator):
    """The worker failed to record the task's end (the database refused) and carried on: it beats, but
    for no task, so the run is failed."""
    run = running_run(worker="alive")
    worker_beat(worker_id="alive", task_id=None)
    client_for(operator).get("/imports/")
    run.refresh_from_db()
    assert run.status == "failed"


def test_a_queued_run_waits_for_a_worker_and_one_whose_task_vanished_fails(operator):
    waiting = running_run(status="queued")
    vanished = running_run(status="queued")
    DBTaskResult.objects.filter(pk=vanished.task_id).delete()
    client_for(operator).get("/imports/")
    waiting.refresh_from_db()
    vanished.refresh_from_db()
    assert (waiting.status, vanished.status) == ("queued", "failed")


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_fails_the_runs_of_a_dead_one_before_taking_work(operator):
    run = running_run()
    run_worker()
    run.refresh_from_db()
    assert run.status == "failed" and run.message == WORKER_LOST


@pytest.mark.django_db(transaction=True)
def test_after_an_unexpected_error_the_kept_file_is_run_again(operator, monkeypatch):
    client = client_for(operator)

    def broken_classify(record, vocabulary):
        raise RuntimeError("the classifier broke")

    with monkeypatch.context() as patched:
        patched.setattr("ppuri.registry.importing.writing.classify", broken_classify)
        client.post("/imports/", {"file": SimpleUploadedFile("factories.csv", SAMPLE_35.read_bytes())})
        run_worker()
    run = ImportRun.objects.get()
    assert run.status == "failed" and not Organization.objects.exists()
    assert default_storage.exists(run.file.name)  # not the file's fault: kept
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert 'data-testid="import-retry"' in page and "?again=" not in page
    failed_task = run.task_id

    response = client.post(f"/imports/{run.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    run.refresh_from_db()
    assert (run.status, run.message, run.errors) == ("queued", "", [])
    assert run.task_id and run.task_id != failed_task
    assert ActivityLog.objects.filter(verb="registry.import.retried", target_id=str(run.pk)).exists()
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.added) == ("done", 6) and Organization.objects.count() == 6
    assert run.file.name == ""


def test_run_again_refuses_what_it_cannot_run_and_changes_nothing(operator, outsider):
    done = ImportRun.objects.create(file_name="done.csv", status="done", added=6)
    gone = ImportRun.objects.create(file_name="gone.csv", status="failed", message=WORKER_LOST)
    client = client_for(operator)
    for run, reason in [(done, "실패한 가져오기만"), (gone, "같은 파일을 다시 올려")]:
        response = client.post(f"/imports/{run.pk}/retry/", follow=True)
        assert reason in response.content.decode()
        run.refresh_from_db()
        assert run.status in {"done", "failed"} and not run.task_id
    assert client.get(f"/imports/{gone.pk}/retry/").status_code == 405
    assert client.post("/imports/999999/retry/").status_code == 404
    kept = running_run(status="failed")
    assert client_for(outsider).post(f"/imports/{kept.pk}/retry/").status_code == 403
    kept.refresh_from_db()
    assert kept.status == "failed"
    assert not ActivityLog.objects.filter(verb="registry.import.retried").exists()


def test_upload_again_fills_in_the_failed_runs_options_and_ignores_anything_else(operator):
    failed = ImportRun.objects.create(file_name="공장.csv", status="failed", strict=True, dry_run=True)
    done = ImportRun.objects.create(file_name="done.csv", status="done", strict=True)
    client = client_for(operator)
    response = client.get(f"/imports/?again={failed.pk}")
    form = response.context["form"]
    assert form["strict"].value() is True and form["dry_run"].value() is True
    assert "공장.csv" in response.content.decode()
    for again in [str(done.pk), "abc", "²", "9" * 40, "-1", ""]:
        response = client.get("/imports/", {"again": again})
        assert response.status_code == 200 and response.context["again"] is None
        assert response.context["form"]["strict"].value() in (None, False)


def test_the_service_refuses_a_resident_number_in_the_file_name_before_writing_the_file(
    operator, settings, django_capture_on_commit_callbacks
):
    # Any caller of the service (a command, an API), not only the upload form, is held to the guard.
    upload = SimpleUploadedFile("명단 900101-1234567.csv", SAMPLE_35.read_bytes())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        import_run_create(actor=operator, uploaded_file=upload, dry_run=False, strict=False)
    assert set(refused.value.message_dict) == {"file_name"}
    assert "주민등록번호 형식" in refused.value.message_dict["file_name"][0]
    assert not ImportRun.objects.exists() and not DBTaskResult.objects.exists()
    assert not ActivityLog.objects.filter(verb="registry.import.queued").exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or [path for path in media.rglob("*") if path.is_file()] == []


def test_ppuri_db_worker_is_ppuris_worker():
    """ppuri.core must come before django_tasks_db in INSTALLED_APPS for its command to win."""
    assert get_commands()["db_worker"] == "ppuri.core"
    with pytest.raises(CommandError, match="--exclude-queues"):
        call_command("db_worker", "--batch", "--exclude-queues", "other")
