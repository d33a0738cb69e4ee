"""Reports made by the task worker (issue 18: "generated in the background task queue … with
progress"): a PDF asked for on the page becomes a job the worker makes; its page follows it and then
hands out the file — the same report the page would give — recording the download. The job is its
reader's alone; bad requests are refused, writing nothing; old jobs and their files go."""

import shutil
import subprocess
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.dashboards.models import ReportDownload, ReportJob
from tests.conftest import client_for
from tests.dashboards.test_pages_and_api import three_in_juan  # noqa: F401 (a fixture)
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _work() -> None:
    """What `ppuri db_worker` does, once, in this test's transaction."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def _text(content: bytes) -> str:
    return subprocess.run(  # noqa: S603 (a fixed command over a PDF just made)
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _ask(client: Client, scope: str = "namdong", **data: str):
    return client.post(f"/dashboards/{scope}/reports/", {"format": "pdf", "period": "all", **data})


@pytest.mark.django_db(transaction=True)
def test_a_city_official_asks_for_a_pdf_follows_it_and_downloads_the_pages_report(three_in_juan):  # noqa: F811
    city = client_for(UserFactory(username="job-city", role=Role.CITY))
    page = city.get("/dashboards/namdong/")
    assert 'data-testid="report-pdf"' in page.content.decode()
    asked = _ask(city)
    job = ReportJob.objects.get()
    assert asked.status_code == 302 and asked["Location"] == f"/dashboards/reports/{job.pk}/"
    waiting = city.get(asked["Location"])
    assert waiting.status_code == 200
    assert (
        'data-status="queued"' in waiting.content.decode()
        and 'http-equiv="refresh"' in waiting.content.decode()
    )
    assert not ReportDownload.objects.exists()  # nothing handed out yet
    _work()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.file and not job.exact
    done = city.get(asked["Location"]).content.decode()
    assert 'data-status="done"' in done and 'http-equiv="refresh"' not in done
    response = city.get(f"/dashboards/reports/{job.pk}/file")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and "filename*=UTF-8''" in response["Content-Disposition"]
    # The same report the page hands out at once, figure for figure.
    direct = city.get("/dashboards/namdong/report.pdf")
    assert _text(content) == _text(direct.content)
    assert "6 개사" in _text(content)
    record = ReportDownload.objects.filter(path__startswith="/dashboards/reports/").get()
    assert (record.username, record.scope, record.format, record.unsuppressed) == (
        "job-city",
        "namdong",
        "pdf",
        False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_job_is_its_readers_alone(three_in_juan):  # noqa: F811
    owner = client_for(UserFactory(username="job-owner", role=Role.CITY))
    _ask(owner)
    job = ReportJob.objects.get()
    _work()
    other = client_for(UserFactory(username="job-other", role=Role.CITY))
    operator = client_for(UserFactory(username="job-op", role=Role.OPERATOR, is_staff=True))
    for stranger in (other, operator, Client()):
        assert stranger.get(f"/dashboards/reports/{job.pk}/").status_code == 404
        assert stranger.get(f"/dashboards/reports/{job.pk}/file").status_code == 404
    assert not ReportDownload.objects.exists()
    # A visitor's job is their session's: another visitor cannot open it.
    visitor = Client()
    _ask(visitor, "juan")
    visitors_job = ReportJob.objects.latest("pk")
    assert visitors_job.user is None and visitors_job.session_hash
    assert visitor.get(f"/dashboards/reports/{visitors_job.pk}/").status_code == 200
    assert Client().get(f"/dashboards/reports/{visitors_job.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_operators_job_needs_a_reason_and_keeps_it_with_the_download(three_in_juan, settings):  # noqa: F811
    operator = client_for(UserFactory(username="job-op2", role=Role.OPERATOR, is_staff=True))
    refused = _ask(operator, "juan")
    assert refused.status_code == 400 and "내려받는 이유를 적어 주세요" in refused.content.decode()
    assert not ReportJob.objects.exists()
    _ask(operator, "juan", reason="분기 보고")
    job = ReportJob.objects.get()
    assert (job.exact, job.reason) == (True, "분기 보고")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"reason": "주민 900101-1234567"}, "주민등록번호"),
        ({"reason": "가" * 201}, "200자"),
        ({"format": "xlsx"}, "바로 내려받습니다"),
        ({"format": "exe"}, "바로 내려받습니다"),
        ({"period": "2001"}, "알 수 없는 기간"),
    ],
)
def test_bad_job_requests_are_refused_saying_why_and_write_nothing(three_in_juan, data, says):  # noqa: F811
    operator = client_for(UserFactory(username="job-op3", role=Role.OPERATOR, is_staff=True))
    response = _ask(operator, "namdong", **{"reason": "점검", **data})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ReportJob.objects.exists()


@pytest.mark.django_db
def test_unknown_scopes_jobs_and_methods(client, three_in_juan):  # noqa: F811
    assert _ask(client, "nowhere").status_code == 404
    assert client.get("/dashboards/namdong/reports/").status_code == 405
    assert client.get("/dashboards/reports/999999/").status_code == 404


@pytest.mark.django_db
def test_old_jobs_and_their_files_are_purged_and_a_dead_workers_job_fails(three_in_juan, settings):  # noqa: F811
    from django.core.files.base import ContentFile

    from ppuri.dashboards.services import report_jobs_reap

    old = ReportJob.objects.create(scope="namdong", period="all", format="pdf", status=ReportJob.Status.DONE)
    old.file.save("old.pdf", ContentFile(b"%PDF old"))
    path = old.file.path
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = ReportJob.objects.create(scope="juan", period="all", format="pdf")
    stuck = ReportJob.objects.create(
        scope="juan",
        period="all",
        format="pdf",
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=11),
    )
    # A job that waited long in the queue and has just started is not taken for lost.
    ReportJob.objects.create(
        scope="juan",
        period="all",
        format="pdf",
        status=ReportJob.Status.RUNNING,
        started_at=timezone.now() - timedelta(minutes=1),
    )
    out = StringIO()
    call_command("purge_report_jobs", stdout=out)
    assert "deleted 1" in out.getvalue()
    assert not ReportJob.objects.filter(pk=old.pk).exists()
    import os

    assert not os.path.exists(path)
    assert ReportJob.objects.filter(pk=fresh.pk).exists()
    assert report_jobs_reap().failed == 1
    stuck.refresh_from_db()
    assert stuck.status == ReportJob.Status.FAILED and "멈췄습니다" in stuck.error


@pytest.mark.django_db(transaction=True)
def test_a_reader_whose_rights_changed_since_asking_gets_no_report(three_in_juan):  # noqa: F811
    """Asked for as a city official (suppressed, no reason), made after they became an operator: the
    worker does not make an unsuppressed report without the reason an operator must give."""
    user = UserFactory(username="job-promoted", role=Role.CITY)
    client = client_for(user)
    _ask(client, "juan")
    user.role = Role.OPERATOR
    user.is_staff = True
    user.save()
    _work()
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED and not job.file
    assert "권한이 바뀌었습니다" in job.error
