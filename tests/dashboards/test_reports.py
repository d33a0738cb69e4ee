"""The dashboards' Excel and PDF reports (issue 18): the numbers of the page, a sheet per section with
the period, source and suppression in columns, text that cannot run as a formula, Korean text in the
PDF, every download recorded with who and why, and an operator's reason required."""

import io
import shutil
import subprocess

import openpyxl
import pytest

from ppuri.accounts.models import Role
from ppuri.challenges.models import Expert
from ppuri.dashboards.models import ReportDownload
from ppuri.registry.models import Organization
from tests.conftest import client_for
from tests.dashboards.test_pages_and_api import _measure, three_in_juan  # noqa: F401 (a fixture)
from tests.factories import OrganizationFactory, UserFactory


def _figures(workbook, sheet_title: str) -> dict[str, list]:
    sheet = workbook[sheet_title]
    return {row[0]: list(row) for row in sheet.iter_rows(values_only=True) if row and row[0]}


@pytest.mark.django_db
def test_the_excel_report_holds_the_pages_numbers_with_suppression_and_sources(client, three_in_juan):  # noqa: F811
    api = client.get("/api/v1/dashboards/namdong").json()
    response = client.get("/dashboards/namdong/report.xlsx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "ppuri-namdong-all-" in disposition and "filename*=UTF-8''" in disposition
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames[0] == "요약"
    assert "기업 등록부" in workbook.sheetnames and "청년 장려금" in workbook.sheetnames
    registry = _figures(workbook, "기업 등록부")
    assert registry["지표"][:4] == ["지표", "값", "단위", "비공개"]
    root = _measure(api, "root_companies")
    assert registry["뿌리기업"][1] == root["value"] == 6
    assert registry["뿌리기업"][5] == root["source"]
    juan = openpyxl.load_workbook(
        io.BytesIO(client.get("/dashboards/juan/report.xlsx").content), read_only=True
    )
    hidden = _figures(juan, "채용과 고용 유지")["채용(입사)"]
    assert hidden[1] == "비공개" and hidden[3] == "예"
    # Which rule hid a figure is not said: "secondary" would tell the reader it is 5 or more.
    assert "5 미만" not in [str(cell) for cell in hidden]


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_written_as_text(client, three_in_juan):  # noqa: F811
    """An expert organization's name is a row of a table: one that starts like a formula stays text."""
    from ppuri.challenges.models import Challenge, Offer

    evil = OrganizationFactory(
        name='=HYPERLINK("http://x","클릭")', kind=Organization.Kind.RESEARCH_INSTITUTE
    )
    expert = Expert.objects.create(name="김전문", organization=evil)
    company = Organization.objects.get(name="남동금형0(주)")
    case = Challenge.objects.create(company=company, title="기공 불량", description="주조 기공")
    Offer.objects.create(challenge=case, expert=expert, status=Offer.Status.ACCEPTED)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/dashboards/namdong/report.xlsx").content))
    names = [row[0].value for row in workbook["한계기술 자문"].iter_rows() if row[0].value]
    assert '\'=HYPERLINK("http://x","클릭")' in names
    assert all(cell.data_type != "f" for row in workbook["한계기술 자문"].iter_rows() for cell in row)


@pytest.mark.django_db
def test_the_pdf_report_has_the_pages_korean_and_numbers(client, three_in_juan):  # noqa: F811
    response = client.get("/dashboards/namdong/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 (a fixed command over the PDF just made)
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "남동산단 현황" in text and "뿌리기업" in text and "기업 등록부" in text
    line = next(line for line in text.splitlines() if line.strip().startswith("뿌리기업 "))
    assert "6 개사" in line


@pytest.mark.django_db
def test_every_download_is_recorded_and_an_operators_needs_a_reason(client, three_in_juan):  # noqa: F811
    client.get("/dashboards/juan/report.xlsx?period=all")
    record = ReportDownload.objects.get()
    assert (record.scope, record.period, record.format, record.user, record.unsuppressed) == (
        "juan",
        "all",
        "xlsx",
        None,
        False,
    )
    operator = client_for(UserFactory(username="report-op", role=Role.OPERATOR, is_staff=True))
    refused = operator.get("/dashboards/juan/report.pdf")
    assert refused.status_code == 400
    assert "내려받는 이유를 적어 주세요" in refused.content.decode()
    assert operator.get("/api/v1/dashboards/juan/report.xlsx").status_code == 422
    assert ReportDownload.objects.count() == 1  # refused downloads hand out nothing and record nothing
    given = operator.get("/api/v1/dashboards/juan/report.xlsx?reason=분기 보고")
    assert given.status_code == 200
    record = ReportDownload.objects.latest("downloaded_at")
    assert (record.username, record.reason, record.unsuppressed) == ("report-op", "분기 보고", True)
    sheet = openpyxl.load_workbook(io.BytesIO(given.content), read_only=True)
    assert _figures(sheet, "채용과 고용 유지")["채용(입사)"][1] == 3  # unsuppressed for the operator


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [("reason=" + "가" * 201, "reason"), ("reason=주민 900101-1234567", "reason"), ("period=2001", "period")],
)
def test_bad_report_requests_are_refused_naming_the_field(three_in_juan, query, field):  # noqa: F811
    operator = client_for(UserFactory(username="report-op2", role=Role.OPERATOR, is_staff=True))
    response = operator.get(f"/api/v1/dashboards/namdong/report.pdf?{query}")
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert not ReportDownload.objects.exists()


@pytest.mark.django_db
def test_an_unknown_report_format_is_a_clear_400(client, three_in_juan):  # noqa: F811
    response = client.get("/dashboards/namdong/report.exe")
    assert response.status_code == 400
    assert "xlsx나 pdf" in response.content.decode()


def _pdf_text(content: bytes) -> str:
    return subprocess.run(  # noqa: S603 (a fixed command over a PDF just made)
        [shutil.which("pdftotext") or "pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_korean_words_break_between_words_never_inside_one():
    """In a narrow column every printed line holds whole words: without keep_korean_words Pango breaks
    between any two Hangul syllables (the check below is not blind: it fails on the raw HTML)."""
    from weasyprint import HTML

    from ppuri.dashboards.reports.pdf import keep_korean_words

    words = ["남동국가산업단지", "재생사업의", "주차장", "확충과", "문화·편의시설", "조성", "계획", "집행률"]
    html = (
        "<html><body style=\"font-family: 'Noto Sans CJK KR'; font-size: 12pt\">"
        f'<p style="width: 90pt">{" ".join(words)}</p></body></html>'
    )

    def printed(source: str) -> list[str]:
        return _pdf_text(HTML(string=source).write_pdf()).split()

    assert set(printed(keep_korean_words(html))) <= set(words)
    assert not set(printed(html)) <= set(words)
