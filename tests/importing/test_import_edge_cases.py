"""What the import review found: numbers at one address, long values, personal numbers written in other
ways, oversized XLSX, remembered review decisions, and the import pages' permissions."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from ppuri.registry.importing.reading import UnreadableFileError, read_factory_file
from ppuri.registry.models import ImportReviewItem, ImportRun, Organization, Site
from tests.conftest import client_for
from tests.importing.conftest import SAMPLE_5, SAMPLE_35, row_5, row_35, sample_rows

pytestmark = pytest.mark.django_db


def run_json(path) -> dict:
    out = StringIO()
    call_command("import_factories", str(path), "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_two_factory_numbers_at_one_address_are_two_sites_of_one_company_and_settle(write_csv):
    header = sample_rows(SAMPLE_35, "cp949")[0]
    path = write_csv([header, row_35(), row_35(공장관리번호="28200201800099")])
    first = run_json(path)
    assert (first["added"], first["updated"]) == (2, 0)
    organization = Organization.objects.get()
    assert sorted(organization.sites.values_list("factory_number", flat=True)) == [
        "28200201800001",
        "28200201800099",
    ]
    again = run_json(path)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 2)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("전화번호", "032-555-1001, 032-555-1002, 010-1234-5678"),
        ("회사명", "가" * 201),
        ("생산품", "부품 " * 800),
    ],
)
def test_values_longer_than_the_registry_holds_are_rejected_by_line(write_csv, column, value):
    header = sample_rows(SAMPLE_35, "cp949")[0]
    bad = row_35(**{column: value, "공장관리번호": "28200201809999"})
    report = run_json(write_csv([header, row_35(), bad]))
    assert report["added"] == 1 and report["rejected"] == 1
    assert report["errors"][0]["line"] == 3 and report["errors"][0]["column"] == column


@pytest.mark.parametrize("value", ["900101 - 1234567", "900101.1234567", "900101_1234567", "9001011234567"])
def test_personal_numbers_in_any_spelling_are_refused_and_never_stored(write_csv, value):
    header = sample_rows(SAMPLE_5, "utf-8")[0]
    report = run_json(write_csv([header, row_5(생산품=f"금형 {value}")]))
    assert report["rejected"] == 1 and "주민등록번호" in report["errors"][0]["reason"]
    assert value not in json.dumps(report, ensure_ascii=False)
    assert not Organization.objects.exists()
    assert value not in json.dumps(
        list(ImportRun.objects.values_list("errors", flat=True)), ensure_ascii=False
    )


def test_an_xlsx_that_unpacks_to_far_more_than_it_weighs_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<x>" + "A" * 50_000_000 + "</x>")
    with pytest.raises(UnreadableFileError) as refused:
        read_factory_file(path)
    assert "bomb.xlsx" in str(refused.value)


def test_wide_xlsx_rows_are_read_only_as_wide_as_a_factory_file(write_xlsx):
    rows = sample_rows(SAMPLE_5, "utf-8")
    rows = [row + [None] * 200 + ["far away"] for row in rows]
    factory_file = read_factory_file(write_xlsx(rows))
    assert factory_file.layout == "kicox-5" and len(factory_file.rows) == 6


@pytest.fixture
def two_doubts(write_csv):
    """세광주조 elsewhere in 남동구 (same name) and 세광주조산업 at 세광주조's address (similar name)."""
    run_json(SAMPLE_5)
    header = sample_rows(SAMPLE_5, "utf-8")[0]
    path = write_csv(
        [
            header,
            row_5(공장주소="인천광역시 남동구 고잔로 500"),
            row_5(회사명="세광주조산업", 공장주소="인천광역시 남동구 남동대로 233"),
        ]
    )
    assert run_json(path)["review"] == 2
    return path


def test_review_decisions_are_remembered_by_the_next_import(operator, two_doubts):
    moved, similar = ImportReviewItem.objects.order_by("id")
    client = client_for(operator)
    client.post(f"/imports/review/{similar.pk}/", {"decision": "merged"})
    client.post(f"/imports/review/{moved.pk}/", {"decision": "dismissed"})
    sekwang = Organization.objects.get(normalized_name="세광주조")
    # Merging a factory at an address the company already has adds no second site there.
    assert sekwang.sites.count() == 1
    report = run_json(two_doubts)
    assert (report["added"], report["review"], report["unchanged"]) == (0, 0, 2)
    assert ImportReviewItem.objects.count() == 2


def test_separate_with_a_number_taken_meanwhile_is_refused_not_a_500(operator, write_csv):
    run_json(SAMPLE_35)
    header = sample_rows(SAMPLE_35, "cp949")[0]
    run_json(
        write_csv([header, row_35(공장관리번호="28200201807777", 공장주소="인천광역시 남동구 고잔로 500")])
    )
    item = ImportReviewItem.objects.get()
    Site.objects.filter(factory_number="28200201800002").update(factory_number="28200201807777")
    response = client_for(operator).post(f"/imports/review/{item.pk}/", {"decision": "separate"}, follow=True)
    assert response.status_code == 200 and "이미 등록" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "pending" and Organization.objects.count() == 6


def test_same_name_in_another_district_goes_to_review_as_the_docs_promise(write_csv):
    run_json(SAMPLE_5)
    header = sample_rows(SAMPLE_5, "utf-8")[0]
    report = run_json(write_csv([header, row_5(공장주소="인천광역시 서구 경서로 12")]))
    assert (report["added"], report["review"]) == (0, 1)
    item = ImportReviewItem.objects.get()
    assert item.candidate.normalized_name == "세광주조" and item.record["district"] == "서구"
    assert "다른 시군구(남동구" in item.reason
    assert [(c["outcome"], c["line"], c["organization"]) for c in report["changes"]] == [
        ("review", 2, item.candidate_id)
    ]
    assert Organization.objects.filter(normalized_name="세광주조").count() == 1


def test_address_written_differently_is_the_same_site(write_csv):
    run_json(SAMPLE_5)
    header = sample_rows(SAMPLE_5, "utf-8")[0]
    report = run_json(write_csv([header, row_5(공장주소="인천 남동구 남동대로 233 (고잔동)")]))
    assert (report["added"], report["review"], report["updated"]) == (0, 0, 1)  # the new spelling is kept
    assert Organization.objects.count() == 6 and Site.objects.count() == 6


def test_import_pages_refuse_non_operators_for_every_page(client, outsider):
    run = ImportRun.objects.create(file_name="x.csv")
    for url in ["/imports/", f"/imports/{run.pk}/", f"/imports/{run.pk}/progress/", "/imports/review/"]:
        assert client_for(outsider).get(url).status_code == 403, url
        assert client.get(url).status_code == 302, url


def test_progress_shows_the_workers_count_while_running(operator):
    from django.core.cache import cache

    from ppuri.registry.tasks import import_progress_key

    run = ImportRun.objects.create(file_name="x.csv", status="running")
    cache.set(import_progress_key(run.pk), {"phase": "writing", "done": 3, "total": 6})
    state = client_for(operator).get(f"/imports/{run.pk}/progress/").json()
    assert (state["percent"], state["done"], state["total"], state["finished"]) == (45, 3, 6, False)
    assert (state["phase"], state["step"], state["steps"]) == ("writing", 2, 4)
    assert state["phase_text"] == "2/4단계: 공장 정보 저장 중"
    ImportRun.objects.filter(pk=run.pk).update(status="failed")
    failed = client_for(operator).get(f"/imports/{run.pk}/progress/").json()
    assert failed["finished"] and failed["percent"] == 45 and failed["phase_text"] == ""


def test_upload_size_limit(operator, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PPURI_IMPORT_MAX_MB = 0
    response = client_for(operator).post("/imports/", {"file": SimpleUploadedFile("f.csv", b"a,b\n1,2\n")})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportRun.objects.exists()
