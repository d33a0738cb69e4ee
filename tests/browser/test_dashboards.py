"""The dashboards in real browsers (issue 18): a city official and an anonymous visitor read Incheon's
and Namdong's figures, the chart of root companies by technology and size with its data table beside
it, and change the period; the complexes' map is opened from Incheon's dashboard and switched to a
measure with a small count, hatched and "비공개"; the city official downloads Namdong's Excel and PDF
reports (read back with openpyxl and pdftotext) and each download is recorded; a small count on Juan's
dashboard leaks no digit to a visitor, while an operator reads it exactly.

Six root companies in Namdong and three in Juan, each with a hire this year. Root companies are public
listings (the directory counts them per complex for anyone), so their counts have no threshold: Juan's
3 is shown. Hires are counted with the small-count rule: Juan's 3 hires are "비공개" for everyone but
operators, and Namdong's 6 with them, or Incheon's 9 less Namdong's 6 would give Juan's away."""

import re
import shutil
import subprocess
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.dashboards.models import ReportDownload
from ppuri.reference.models import Complex
from ppuri.registry.models import Organization
from ppuri.tenure.models import Employment
from tests.browser.conftest import log_in
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART = "chart-companies_by_technology_and_size"
TABLE = "table-companies_by_technology_and_size"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


@pytest.fixture
def cast():
    """Six root companies in Namdong (four small, two medium) and three in Juan, each a die caster with
    one hire today; a city official and an operator."""
    juan = Complex.objects.get(slug="juan")
    companies = [
        *[(f"남동금형{n}(주)", None, "small" if n < 4 else "medium") for n in range(6)],
        *[(f"주안표면처리{n}(주)", juan, "small") for n in range(3)],
    ]
    for name, complex_, size in companies:
        site = SiteFactory(
            organization=OrganizationFactory(name=name, size=size),
            **({"complex": complex_} if complex_ else {}),
        )
        CapabilityFactory(organization=site.organization)
        Employment.objects.create(
            company=site.organization, source=Employment.Source.JOB_APPLICATION, hired_on=clock.today()
        )
    UserFactory(username="city-official", role=Role.CITY, display_name="인천시 뿌리산업팀 담당자")
    UserFactory(username="itp-operator", role=Role.OPERATOR, is_staff=True)


def _created(slug: str) -> int:
    """The root companies made above with a site in the complex, counted from the database."""
    return Organization.objects.filter(sites__complex__slug=slug).distinct().count()


def _figure(page, key: str):
    return page.locator(f'tr[data-measure="{key}"]')


def _shown_count(page, key: str) -> int:
    """The figure as the page publishes it (its data-value), which must not be suppressed."""
    row = _figure(page, key)
    expect(row).to_have_attribute("data-suppressed", "false")
    return int(row.get_attribute("data-value"))


def _expect_hidden(page, key: str) -> None:
    row = _figure(page, key)
    expect(row).to_have_attribute("data-suppressed", "true")
    expect(row).to_have_attribute("data-value", "")
    expect(row.locator("td.num")).to_have_text("비공개")


def _expect_chart_beside_table(page, total: int) -> None:
    """The chart of root companies by technology (an SVG with a bar per technology) and, right after
    it, its data table whose grand total is the figure."""
    chart = page.get_by_test_id(CHART)
    expect(chart.locator("svg")).to_be_visible()
    bars = chart.locator("svg rect[fill='#256ef4']")
    expect(bars).not_to_have_count(0)  # a bar per technology, drawn at no length for none
    expect(bars.locator(":scope:not([width='0.0'])")).to_have_count(1)  # one technology has companies
    expect(chart.locator("svg")).to_contain_text(f"{total} 개사")
    table = page.locator(f"figure[data-testid={CHART}] + .krds-table-wrap table[data-testid={TABLE}]")
    expect(table).to_be_visible()
    grand_total = table.locator("tfoot td").last
    expect(grand_total).to_have_attribute("data-value", str(total))
    expect(grand_total).to_have_text(str(total))  # the unit is in the caption


@pytest.mark.parametrize("viewer", ["city-official", None], ids=["city", "anonymous"])
def test_the_city_and_the_public_read_the_figures_the_chart_and_its_table_and_change_the_period(
    open_page, cast, viewer
):
    page = open_page()
    if viewer:
        log_in(page, viewer)
    page.goto("/dashboards/incheon/")
    expect(page.locator("h1")).to_have_text("인천 전체 현황")
    expect(page.get_by_test_id("legend")).to_contain_text("5 미만 비공개")
    incheon = _shown_count(page, "root_companies")
    assert incheon == Organization.objects.count() == 9
    expect(_figure(page, "root_companies").locator("td.num")).to_have_text("9 개사")
    _expect_chart_beside_table(page, incheon)
    # The hires of all Incheon are 9: shown, and Juan's and Namdong's are hidden on their pages.
    assert _shown_count(page, "hires") == 9

    # Namdong from the scopes' list.
    page.get_by_test_id("scopes").get_by_role("link", name="남동산단").click()
    expect(page).to_have_url(re.compile(r"/dashboards/namdong/\?period=all$"))
    expect(page.locator("h1")).to_have_text("남동산단 현황")
    namdong = _shown_count(page, "root_companies")
    assert namdong == _created("namdong") == 6
    _expect_chart_beside_table(page, namdong)
    table = page.get_by_test_id(TABLE)
    expect(table.locator("tfoot td").nth(0)).to_have_attribute("data-value", "4")  # small
    expect(table.locator("tfoot td").nth(1)).to_have_attribute("data-value", "2")  # medium
    _expect_hidden(page, "hires")  # 9 - 6 would give Juan's 3 away

    # Juan: its three companies are listed publicly, its three hires are a small count.
    page.goto("/dashboards/juan/")
    assert _shown_count(page, "root_companies") == _created("juan") == 3
    _expect_hidden(page, "hires")

    # The period: last year had no hire (a flow), the companies stay (a stock, as of today).
    last_year = str(clock.today().year - 1)
    page.goto("/dashboards/namdong/")
    page.select_option("#period", last_year)
    page.get_by_role("button", name="보기").click()
    expect(page).to_have_url(re.compile(rf"/dashboards/namdong/\?period={last_year}$"))
    expect(page.locator("#period")).to_have_value(last_year)
    assert _shown_count(page, "root_companies") == 6
    assert _shown_count(page, "hires") == 0
    expect(page.get_by_test_id("report-xlsx")).to_have_attribute("href", re.compile(rf"period={last_year}$"))
    expect(page.get_by_test_id("map-link")).to_have_attribute("href", re.compile(rf"period={last_year}$"))


def test_the_map_from_incheons_dashboard_fills_namdong_and_hatches_a_small_count(open_page, cast):
    page = open_page()
    log_in(page, "city-official")
    page.goto("/dashboards/incheon/")
    page.get_by_test_id("map-link").click()
    expect(page).to_have_url(re.compile(r"/dashboards/map/\?period=all$"))
    expect(page.locator("#measure")).to_have_value("root_companies")

    the_map = page.get_by_test_id("complex-map")
    expect(the_map.locator("svg path")).to_have_count(4 + 1)  # the complexes and the north arrow
    namdong = the_map.locator("a[data-complex=namdong]")
    expect(namdong).to_have_attribute("data-suppressed", "false")
    assert int(namdong.get_attribute("data-value")) == _created("namdong") == 6
    expect(namdong).to_contain_text("6 개사")
    table = page.get_by_test_id("map-table")
    expect(table.locator("tr", has_text="남동산단").locator("td")).to_have_text("6 개사")
    juan = the_map.locator("a[data-complex=juan]")
    expect(juan).to_have_attribute("data-value", "3")  # a public listing: no threshold
    expect(table.locator("tr", has_text="주안산단").locator("td")).to_have_text("3 개사")

    # Hires, a count with the small-count rule: Juan's 3 is hatched, Namdong's 6 with it.
    page.select_option("#measure", "hires")
    page.get_by_role("button", name="보기").click()
    expect(page).to_have_url(re.compile(r"measure=hires"))
    expect(page).to_have_url(re.compile(r"period=all"))
    for slug, name in (("juan", "주안산단"), ("namdong", "남동산단")):
        area = the_map.locator(f"a[data-complex={slug}]")
        expect(area).to_have_attribute("data-suppressed", "true")
        expect(area).to_have_attribute("data-value", "")
        expect(area.locator("path")).to_have_attribute("fill", "url(#map-hatch)")
        expect(area).to_contain_text("비공개")
        expect(table.locator("tr", has_text=name).locator("td")).to_have_text("비공개")
    expect(the_map.locator("a[data-complex=bupyeong]")).to_have_attribute("data-value", "0")
    expect(the_map.locator("desc")).not_to_contain_text("3 명")

    # An area leads to its complex's dashboard.
    the_map.locator("a[data-complex=namdong] path").click()
    expect(page).to_have_url(re.compile(r"/dashboards/namdong/$"))
    assert _shown_count(page, "root_companies") == 6


def test_the_city_downloads_namdongs_excel_and_pdf_with_the_pages_figure(open_page, cast, tmp_path):
    page = open_page()
    log_in(page, "city-official")
    page.goto("/dashboards/namdong/")
    figure = _shown_count(page, "root_companies")
    assert figure == 6
    expect(page.locator("#report-reason")).to_have_count(0)  # no reason asked: nothing unsuppressed

    with page.expect_download() as given:
        page.get_by_test_id("report-xlsx").click()
    excel = given.value
    assert excel.suggested_filename.endswith(".xlsx")
    excel_path = tmp_path / "namdong.xlsx"
    excel.save_as(excel_path)
    workbook = openpyxl.load_workbook(excel_path, read_only=True)
    registry = {row[0]: row for row in workbook["기업 등록부"].iter_rows(values_only=True) if row and row[0]}
    assert registry["뿌리기업"][1] == figure
    talent = {
        row[0]: row for row in workbook["채용과 고용 유지"].iter_rows(values_only=True) if row and row[0]
    }
    assert talent["채용(입사)"][1] == "비공개"  # as on the page

    # The PDF is made by the task worker: its page shows it waiting, then done, then hands it out.
    page.get_by_test_id("report-pdf").click()
    expect(page).to_have_url(re.compile(r"/dashboards/reports/\d+/$"))
    expect(page.get_by_test_id("report-job-status")).to_have_attribute("data-status", "queued")
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    expect(page.get_by_test_id("report-job-status")).to_have_attribute("data-status", "done", timeout=15_000)
    with page.expect_download() as given:
        page.get_by_test_id("report-job-file").click()
    pdf = given.value
    assert pdf.suggested_filename.endswith(".pdf")
    pdf_path = tmp_path / "namdong.pdf"
    pdf.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed program on the test's own file
        [PDFTOTEXT, "-layout", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "남동산단 현황" in text
    lines = [line.strip() for line in text.splitlines()]
    # The figures' row (with its source), and the comparison's row (Namdong first, then Juan, ...).
    figure_row = [line for line in lines if line.startswith("뿌리기업") and "기업 등록부" in line]
    assert len(figure_row) == 1, text
    assert re.match(rf"뿌리기업\s+{figure} 개사\s+Ppuri 기업 등록부", figure_row[0]), figure_row
    compared = [line for line in lines if line.startswith("뿌리기업") and "기업 등록부" not in line]
    assert compared and re.match(rf"뿌리기업\s+{figure} 개사\s+3 개사", compared[0]), compared
    # The small counts stay hidden in the PDF as on the page (Juan's 3 hires and Namdong's 6 with it).
    hires = [line for line in lines if line.startswith("채용(입사)")]
    assert len(hires) == 2, hires  # the comparison's row and the figure's
    assert all(line.split()[1] == "비공개" for line in hires), hires
    assert not any(re.search(r"(?<![\d,])[36]\s*명", line) for line in hires), hires

    records = set(ReportDownload.objects.values_list("username", "scope", "period", "format", "unsuppressed"))
    assert records == {
        ("city-official", "namdong", "all", "xlsx", False),
        ("city-official", "namdong", "all", "pdf", False),
    }


def test_a_small_count_on_juans_dashboard_leaks_no_digit_to_a_visitor(open_page, cast):
    visitor = open_page()
    visitor.goto("/dashboards/juan/")
    expect(visitor.get_by_test_id("legend")).to_contain_text("5 미만 비공개")
    _expect_hidden(visitor, "hires")
    row = _figure(visitor, "hires")
    assert "3" not in row.inner_text()
    assert "3" not in row.locator("td.num").inner_html()
    # The comparison with the other complexes does not give it away either: Namdong's is hidden too,
    # so Incheon's 9 less the shown ones pins nothing.
    compared = visitor.locator('tr[data-compare="hires"] td')
    expect(compared).to_have_count(5)
    values = [cell.get_attribute("data-value") for cell in compared.all()]
    assert values == ["", "", "0", "0", "9"]  # Juan first, then Namdong, Bupyeong, Seobu, Incheon
    # The root companies are a public listing, as in the directory: shown.
    assert _shown_count(visitor, "root_companies") == 3

    # The operator, who holds the rows, reads the same figure exactly.
    operator = open_page()
    log_in(operator, "itp-operator")
    operator.goto("/dashboards/juan/")
    expect(operator.get_by_test_id("legend")).to_contain_text("가리지 않고")
    assert _shown_count(operator, "hires") == 3
