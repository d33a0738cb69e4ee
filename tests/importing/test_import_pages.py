"""The operators' import pages: permissions, upload, the worker, progress, the report and the review queue."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ppuri.core.models import ActivityLog
from ppuri.registry.models import ImportReviewItem, ImportRun, Organization, Site
from tests.conftest import client_for
from tests.importing.conftest import SAMPLE_35, row_35, sample_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, **options):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **options}
    return client.post("/imports/", data)


def run_worker() -> None:
    """The real database worker, in this process. It closes "old" connections between tasks, which
    inside a test's transaction would close the test's own connection; here that step is skipped."""
    from unittest import mock

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def test_only_operators_reach_the_import_pages(client, supplier_admin, operator):
    assert client.get("/imports/").status_code == 302
    assert client_for(supplier_admin).get("/imports/").status_code == 403
    response = upload(client_for(supplier_admin), SAMPLE_35)
    assert response.status_code == 403 and not ImportRun.objects.exists()
    run = ImportRun.objects.create(file_name="x.csv")
    assert client_for(supplier_admin).get(f"/imports/{run.pk}/progress/").status_code == 403
    assert client_for(operator).get("/imports/").status_code == 200


def test_upload_queues_the_import_and_the_worker_runs_it(operator, django_capture_on_commit_callbacks):
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, SAMPLE_35)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert run.status == "queued" and not Organization.objects.exists()
    queued = client.get(f"/imports/{run.pk}/progress/").json()
    assert queued["status"] == "queued" and queued["percent"] == 0 and not queued["finished"]
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.added, run.layout, run.encoding) == ("done", 6, "kicox-35", "cp949")
    done = client.get(f"/imports/{run.pk}/progress/").json()
    assert done["finished"] and done["percent"] == 100 and done["total"] == 6
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert 'data-count="added">6<' in page
    assert ActivityLog.objects.filter(verb="registry.organization.imported", actor=operator).count() == 6
    run_worker()  # a second worker pass finds nothing to do: the task is idempotent
    assert Organization.objects.count() == 6


def test_report_lists_rejected_rows_with_line_column_and_reason(
    operator, django_capture_on_commit_callbacks, tmp_path
):
    from tests.importing.conftest import csv_text

    path = tmp_path / "bad.csv"
    path.write_text(
        csv_text([sample_rows(SAMPLE_35, "cp949")[0], row_35(), row_35(회사명="", 공장관리번호="1" * 14)])
    )
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, path)
    run_worker()
    run = ImportRun.objects.get()
    assert run.rejected == 1 and run.errors[0]["line"] == 3 and run.errors[0]["column"] == "회사명"
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert 'data-testid="import-errors"' in page and "회사명" in page


def test_unreadable_upload_fails_the_run_with_a_message_and_writes_nothing(
    operator, django_capture_on_commit_callbacks, tmp_path
):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, path)
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == "failed" and "photo.csv" in run.message
    assert not Organization.objects.exists()
    assert run.message in client.get(f"/imports/{run.pk}/").content.decode()


@pytest.mark.parametrize(("name", "content"), [("factories.pdf", b"%PDF-1.4"), ("factories.exe", b"MZ")])
def test_upload_form_rejects_other_file_types(operator, name, content):
    response = client_for(operator).post("/imports/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportRun.objects.exists()


def test_strict_upload_fails_the_run_and_writes_nothing(
    operator, django_capture_on_commit_callbacks, tmp_path
):
    from tests.importing.conftest import csv_text

    path = tmp_path / "bad.csv"
    path.write_text(
        csv_text([sample_rows(SAMPLE_35, "cp949")[0], row_35(), row_35(회사명="", 공장관리번호="1" * 14)])
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(operator), path, strict="on")
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.rejected == 1 and not Organization.objects.exists()


@pytest.fixture
def review_item(operator, tmp_path):
    from tests.importing.conftest import csv_text

    call_command("import_factories", str(SAMPLE_35), stdout=StringIO(), stderr=StringIO())
    path = tmp_path / "moved.csv"
    moved = row_35(공장관리번호="28200201807777", 공장주소="인천광역시 남동구 고잔로 500")
    path.write_text(csv_text([sample_rows(SAMPLE_35, "cp949")[0], moved]))
    call_command("import_factories", str(path), stdout=StringIO(), stderr=StringIO())
    return ImportReviewItem.objects.get()


def test_review_merge_adds_the_factory_as_another_site(operator, review_item):
    client = client_for(operator)
    assert "세광주조" in client.get("/imports/review/").content.decode()
    client.post(f"/imports/review/{review_item.pk}/", {"decision": "merged"})
    review_item.refresh_from_db()
    assert review_item.status == "merged" and review_item.resolved_by == operator
    assert review_item.candidate.sites.count() == 2
    assert Site.objects.filter(factory_number="28200201807777", organization=review_item.candidate).exists()
    response = client.post(f"/imports/review/{review_item.pk}/", {"decision": "separate"}, follow=True)
    assert "이미 처리한" in response.content.decode()
    assert Organization.objects.count() == 6


def test_review_separate_registers_a_new_company(operator, review_item):
    client_for(operator).post(f"/imports/review/{review_item.pk}/", {"decision": "separate"})
    assert Organization.objects.filter(normalized_name="세광주조").count() == 2
    assert Site.objects.filter(factory_number="28200201807777").exists()


def test_review_dismiss_writes_nothing_to_the_registry(operator, review_item):
    client_for(operator).post(f"/imports/review/{review_item.pk}/", {"decision": "dismissed"})
    review_item.refresh_from_db()
    assert review_item.status == "dismissed"
    assert not Site.objects.filter(factory_number="28200201807777").exists()


def test_review_rejects_unknown_decisions_and_non_operators(operator, outsider, review_item):
    assert (
        client_for(outsider).post(f"/imports/review/{review_item.pk}/", {"decision": "merged"}).status_code
        == 403
    )
    client_for(operator).post(f"/imports/review/{review_item.pk}/", {"decision": "obliterate"})
    review_item.refresh_from_db()
    assert review_item.status == "pending"
    assert Site.objects.count() == 6
