"""The report of an import run: every factory added, updated or queued for review, with a link, in the
page (paginated) and in the command's JSON; and the progress through the real phases."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from ppuri.registry.importing import selectors
from ppuri.registry.importing.services import PHASES, factory_import
from ppuri.registry.models import ImportReviewItem, ImportRun, ImportRunEntry, Organization
from tests.conftest import client_for
from tests.importing.conftest import SAMPLE_35, row_35, sample_rows

pytestmark = pytest.mark.django_db


def run_json(path, *options: str) -> dict:
    out = StringIO()
    call_command("import_factories", str(path), "--json", *options, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def second_file(write_csv):
    """After the sample: 세광주조 with more employees (updated), 동진열처리 at an address in 서구 under
    a new number (same name, another district: review) and a new factory (added)."""
    run_json(SAMPLE_35)
    header = sample_rows(SAMPLE_35, "cp949")[0]
    return write_csv(
        [
            header,
            row_35(남자종업원="80", 종업원합계="83"),
            row_35(
                회사명="동진열처리",
                시군구명="서구",
                공장주소="인천광역시 서구 봉수대로 7",
                공장관리번호="28200201800077",
            ),
            row_35(회사명="새한정밀", 공장주소="인천광역시 남동구 앵고개로 5", 공장관리번호="28200201800088"),
        ]
    )


def test_the_report_lists_each_added_updated_and_review_row_with_its_link(operator, second_file):
    report = run_json(second_file)
    assert (report["added"], report["updated"], report["review"]) == (1, 1, 1)
    item = ImportReviewItem.objects.get()
    sekwang = Organization.objects.get(name="세광주조(주)")
    saehan = Organization.objects.get(name="새한정밀")
    assert [(c["line"], c["outcome"], c["company_name"], c["organization"]) for c in report["changes"]] == [
        (2, "updated", "세광주조(주)", sekwang.pk),
        (3, "review", "동진열처리", item.candidate_id),
        (4, "added", "새한정밀", saehan.pk),
    ]
    assert "다른 시군구(남동구" in item.reason

    run = ImportRun.objects.latest("pk")
    page = client_for(operator).get(f"/imports/{run.pk}/").content.decode()
    assert f'<a href="/companies/{sekwang.pk}/" data-testid="import-entry-link">세광주조(주)</a>' in page
    assert f'<a href="/companies/{saehan.pk}/" data-testid="import-entry-link">새한정밀</a>' in page
    assert f'href="/imports/review/#review-{item.pk}"' in page
    assert f'id="review-{item.pk}"' in client_for(operator).get("/imports/review/").content.decode()
    only_added = client_for(operator).get(f"/imports/{run.pk}/", {"outcome": "added"}).content.decode()
    assert "새한정밀" in only_added and 'data-outcome="updated"' not in only_added


def test_a_large_run_is_paginated_with_a_count(operator, write_csv, monkeypatch):
    monkeypatch.setattr(selectors, "ENTRIES_PAGE_SIZE", 2)
    header = sample_rows(SAMPLE_35, "cp949")[0]
    rows = [
        row_35(회사명=f"대량정밀{i}", 공장관리번호=f"2820020190{i:04d}", 공장주소=f"인천 남동구 남동대로 {i}")
        for i in range(5)
    ]
    run_json(write_csv([header, *rows]))
    run = ImportRun.objects.get()
    assert run.entries.count() == 5
    client = client_for(operator)
    first = client.get(f"/imports/{run.pk}/").content.decode()
    assert "1 / 3쪽 (5곳)" in first and "대량정밀0" in first and "대량정밀2" not in first
    last = client.get(f"/imports/{run.pk}/", {"page": "3"}).content.decode()
    assert "대량정밀4" in last and "대량정밀0" not in last


@pytest.mark.parametrize(
    "query", [{"page": "abc"}, {"page": "99999"}, {"outcome": "<script>"}, {"outcome": "\x00"}]
)
def test_bad_report_parameters_are_ignored_not_errors(operator, query):
    run_json(SAMPLE_35)
    run = ImportRun.objects.get()
    response = client_for(operator).get(f"/imports/{run.pk}/", query)
    assert response.status_code == 200 and "<script>" not in response.content.decode()


def test_a_dry_run_lists_what_would_change_without_links_and_writes_nothing(operator):
    report = run_json(SAMPLE_35, "--dry-run")
    assert report["added"] == 6 and not Organization.objects.exists()
    assert all(c["organization"] is None and c["url"] is None for c in report["changes"])
    # Its marks are computed before the rollback: the report says which would be root industry.
    assert [c["root_industry"] for c in report["changes"]] == [True, True, True, True, True, False]


def test_a_dry_run_from_the_page_keeps_its_list_without_links(operator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    run = ImportRun.objects.create(file_name="sample.csv", dry_run=True, status="running")
    factory_import(path=SAMPLE_35, run=run, dry_run=True)
    assert not Organization.objects.exists()
    assert list(ImportRunEntry.objects.values_list("company_name", "organization", "is_root_industry"))[
        -1
    ] == (
        "(주)미래산업",
        None,
        False,
    )
    page = client_for(operator).get(f"/imports/{run.pk}/").content.decode()
    assert "바뀔 공장" in page and 'data-testid="import-entry-link"' not in page


def test_progress_goes_through_the_phases_in_order():
    seen: list[tuple[str, int, int]] = []
    factory_import(path=SAMPLE_35, progress=lambda phase, done, total: seen.append((phase, done, total)))
    phases = list(dict.fromkeys(phase for phase, _done, _total in seen))
    assert phases == list(PHASES) == ["reading", "writing", "indexing", "finishing"]
    assert ("writing", 6, 6) in seen and ("indexing", 6, 6) in seen and seen[-1] == ("finishing", 6, 6)


def test_the_progress_names_the_phase_while_running(operator):
    from django.core.cache import cache

    from ppuri.registry.tasks import import_progress_key

    run = ImportRun.objects.create(file_name="x.csv", status="running")
    client = client_for(operator)
    percents = []
    for phase, done, total in [("reading", 0, 0), ("writing", 6, 6), ("indexing", 3, 6), ("finishing", 6, 6)]:
        cache.set(import_progress_key(run.pk), {"phase": phase, "done": done, "total": total})
        state = client.get(f"/imports/{run.pk}/progress/").json()
        percents.append(state["percent"])
        assert state["phase"] == phase and state["phase_text"].startswith(f"{state['step']}/4단계")
    assert percents == [0, 85, 91, 99]
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "4/4단계: 보고서 저장 중" in page
