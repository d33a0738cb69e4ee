"""`ppuri import-factories`: what it adds, updates, rejects and refuses, on a real database."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ppuri.core.models import ActivityLog
from ppuri.registry.models import Capability, ImportReviewItem, ImportRun, Organization, Site
from tests.importing.conftest import SAMPLE_5, SAMPLE_35, row_5, row_35, sample_rows

pytestmark = pytest.mark.django_db


def run_json(*args: str) -> dict:
    out = StringIO()
    call_command("import_factories", *args, "--json", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert text.count("\n") <= 1, "exactly one JSON object on standard output"
    return json.loads(text)


def registry_state() -> tuple:
    return (
        sorted(Organization.objects.values_list("name", "products", "employees")),
        sorted(Site.objects.values_list("factory_number", "address", "complex__slug")),
        sorted(Capability.objects.values_list("organization__name", "process__slug")),
    )


def test_35_column_cp949_file_adds_each_factory_once_with_inferences():
    report = run_json(str(SAMPLE_35))
    changes = report.pop("changes")
    assert [(c["line"], c["outcome"], c["company_name"]) for c in changes] == [
        (2, "added", "세광주조(주)"),
        (3, "added", "동진열처리"),
        (4, "added", "유성도금"),
        (5, "added", "한일금형"),
        (6, "added", "경인단조(주)"),
        (8, "added", "(주)미래산업"),
    ]
    assert changes[4]["lines"] == [6, 7]
    assert all(c["url"] == f"/companies/{c['organization']}/" for c in changes)
    assert [c["root_industry"] for c in changes] == [True, True, True, True, True, False]
    assert report == {
        "file": "factories-35col-sample.cp949.csv",
        "layout": "kicox-35",
        "encoding": "cp949",
        "rows": 7,
        "added": 6,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "review": 0,
        "errors": [],
    }
    kyungin = Organization.objects.get(normalized_name="경인단조")
    assert kyungin.sites.get().factory_number == "28200201800005"
    assert kyungin.sites.get().complex.slug == "seobu"  # 인천서부일반산업단지 is an alias
    assert kyungin.sites.get().ksic_codes == ["25912", "25921"]
    assert list(kyungin.capabilities.values_list("process__slug", flat=True)) == ["forming.hot-forging"]
    assert list(kyungin.technologies.values_list("technology__slug", flat=True)) == ["heat-treatment"]
    sekwang = Organization.objects.get(normalized_name="세광주조")
    capability = sekwang.capabilities.get()
    assert capability.process.slug == "casting.die-casting" and capability.source == "imported"
    assert "다이캐스팅" in capability.source_detail and "24321" in capability.source_detail
    assert list(capability.materials.values_list("slug", flat=True)) == ["aluminum"]
    kimchi = Organization.objects.get(normalized_name="미래산업")
    assert kimchi.sites.get().complex is None  # outside the complexes: an individual site
    assert not kimchi.capabilities.exists() and not kimchi.technologies.exists()
    assert ActivityLog.objects.filter(verb="registry.organization.imported").count() == 6
    assert ImportRun.objects.get().status == "done"


def test_second_import_of_the_same_file_changes_nothing_and_says_so():
    run_json(str(SAMPLE_35))
    before = registry_state()
    logs = ActivityLog.objects.count()
    report = run_json(str(SAMPLE_35))
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 6)
    assert registry_state() == before
    assert ActivityLog.objects.count() == logs
    out = StringIO()
    call_command("import_factories", str(SAMPLE_35), stdout=out, stderr=StringIO())
    assert "바뀐 것이 없습니다" in out.getvalue()


def test_5_column_file_then_35_column_file_updates_the_same_sites():
    assert run_json(str(SAMPLE_5))["added"] == 6
    assert not Site.objects.exclude(factory_number=None).exists()
    report = run_json(str(SAMPLE_35))
    assert (report["added"], report["updated"]) == (0, 6)
    assert Organization.objects.count() == 6
    assert Site.objects.filter(factory_number__isnull=False).count() == 6
    assert run_json(str(SAMPLE_5))["unchanged"] == 6


def test_utf8_bom_and_xlsx_read_the_same(write_csv, write_xlsx):
    rows = sample_rows(SAMPLE_35, "cp949")
    assert run_json(str(write_csv(rows, encoding="utf-8-sig")))["encoding"] == "utf-8-sig"
    report = run_json(str(write_xlsx(rows)))
    assert report["encoding"] == "xlsx" and report["unchanged"] == 6


def test_bad_rows_are_reported_and_skipped_while_good_rows_import(write_csv):
    header = sample_rows(SAMPLE_35, "cp949")[0]
    rows = [
        header,
        row_35(),
        row_35(회사명="", 공장관리번호="28200201809991"),
        row_35(업종코드="2432A", 공장관리번호="28200201809992", 회사명="가나주조"),
        row_35(종업원합계="열다섯", 공장관리번호="28200201809993", 회사명="다라주조"),
        row_35(전화번호="900101-1234567", 공장관리번호="28200201809994", 회사명="마바주조"),
    ]
    report = run_json(str(write_csv(rows)))
    assert (report["added"], report["rejected"]) == (1, 4)
    by_line = {error["line"]: error for error in report["errors"]}
    assert set(by_line) == {3, 4, 5, 6}
    assert by_line[3]["column"] == "회사명"
    assert by_line[4]["column"] == "업종코드" and "2432A" in by_line[4]["reason"]
    assert by_line[5]["column"] == "종업원합계"
    assert "주민등록번호" in by_line[6]["reason"] and "1234567" not in json.dumps(report, ensure_ascii=False)
    assert Organization.objects.count() == 1


def test_strict_refuses_the_whole_file_on_a_bad_row(write_csv):
    rows = [sample_rows(SAMPLE_35, "cp949")[0], row_35(), row_35(회사명="", 공장관리번호="28200201809991")]
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_factories", str(write_csv(rows)), "--strict", stdout=StringIO(), stderr=StringIO()
        )
    assert refused.value.returncode == 1
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "이름,나이\n홍길동,30\n".encode(), b"PK\x03\x04broken zip"],
)
def test_a_file_that_is_not_a_factory_file_exits_non_zero_and_changes_nothing(tmp_path, content):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_factories", str(path), "--json", stdout=out, stderr=StringIO())
    assert failed.value.returncode == 1
    report = json.loads(out.getvalue())
    assert report["error"] and report["added"] == 0 and report["file"] == "upload.csv"
    assert not Organization.objects.exists() and not ImportRun.objects.exists()


def test_a_file_cut_off_in_the_middle_imports_the_whole_rows_and_rejects_the_cut_one(write_text):
    text = SAMPLE_35.read_bytes()
    cut = text[: len(text) - 40]  # inside the last row
    path = write_text(cut.decode("cp949", errors="ignore"), encoding="cp949")
    report = run_json(str(path))
    assert report["rejected"] == 1 and "잘린" in report["errors"][0]["reason"]
    assert report["added"] == 5


def test_an_interrupted_import_changes_nothing(monkeypatch):
    """Interrupted halfway through writing: companies and sites are inserted, capabilities not yet."""
    from ppuri.registry.importing.writing import Importer

    written = {}

    def interrupted(importer, behind):
        written["companies"] = Organization.objects.count()  # waits for what is written behind
        raise KeyboardInterrupt

    monkeypatch.setattr(Importer, "_write_capabilities", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_factories", str(SAMPLE_35), stdout=StringIO(), stderr=StringIO())
    assert written["companies"] == 6  # within the import's transaction
    assert not Organization.objects.exists() and not Site.objects.exists()
    assert not ActivityLog.objects.exists() and not ImportRun.objects.exists()


def test_dry_run_reports_without_writing():
    report = run_json(str(SAMPLE_35), "--dry-run")
    assert report["added"] == 6
    assert not Organization.objects.exists() and not ImportRun.objects.exists()


def test_near_duplicates_wait_for_review_once(write_csv):
    run_json(str(SAMPLE_35))
    header = sample_rows(SAMPLE_35, "cp949")[0]
    moved = row_35(
        공장관리번호="28200201807777", 공장주소="인천광역시 남동구 고잔로 500"
    )  # 세광주조 elsewhere
    similar = row_35(
        회사명="세광주조산업", 공장관리번호="28200201808888", 공장주소="인천광역시 남동구 남동대로 233"
    )
    path = write_csv([header, moved, similar])
    report = run_json(str(path))
    assert (report["added"], report["review"]) == (0, 2)
    assert ImportReviewItem.objects.count() == 2
    assert Organization.objects.count() == 6
    again = run_json(str(path))
    assert again["review"] == 2 and ImportReviewItem.objects.count() == 2  # not queued twice


def test_a_companys_own_text_and_declared_capabilities_survive_a_reimport():
    run_json(str(SAMPLE_35))
    sekwang = Organization.objects.get(normalized_name="세광주조")
    Organization.objects.filter(pk=sekwang.pk).update(products="우리가 쓴 소개: 로봇 하우징 다이캐스팅")
    capability = sekwang.capabilities.get()
    Capability.objects.filter(pk=capability.pk).update(source="declared", equipment="350톤 2대")
    run_json(str(SAMPLE_35))
    sekwang.refresh_from_db()
    capability.refresh_from_db()
    assert sekwang.products == "우리가 쓴 소개: 로봇 하우징 다이캐스팅"
    assert capability.source == "declared" and capability.equipment == "350톤 2대"


def test_5_column_rows_without_complex_stay_individual_sites(write_csv):
    rows = [
        sample_rows(SAMPLE_5, "utf-8")[0],
        row_5(단지명="", 회사명="개별공업사", 공장주소="인천광역시 서구 원창로 99"),
    ]
    assert run_json(str(write_csv(rows)))["added"] == 1
    assert Site.objects.get().complex is None


def test_import_change_log_reads_in_each_language():
    run_json(str(SAMPLE_35))
    entry = ActivityLog.objects.filter(verb="registry.organization.imported").first()
    assert entry.summaries["ko"].startswith("공장등록 자료에서 등록: factories-35col-sample.cp949.csv")
    assert entry.summaries["en"].startswith("Registered from factory data: factories-35col-sample.cp949.csv")
