"""The root-industry mark (DESIGN "The registry's scope"): each organization is root industry or not, with
the KSIC or product evidence; the directory, search and GET /api/v1/companies show root-industry companies
by default, the others on request; every company page stays reachable.

The end-to-end test imports the 35-column sample through the operators' page and the worker, with the
issue's bad row ("@@@###", products "???") added after it."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from ppuri.core.models import ActivityLog
from ppuri.reference.models import Process
from ppuri.registry import services
from ppuri.registry.models import Capability, ImportRun, Organization
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.selectors import search
from tests.conftest import client_for
from tests.factories import OrganizationFactory, SiteFactory
from tests.importing.conftest import SAMPLE_35, csv_text, row_35, sample_rows
from tests.importing.test_import_pages import run_worker

pytestmark = pytest.mark.django_db

KIMCHI = "(주)미래산업"  # KSIC 10799 그 외 기타 식품 제조업, products "김치, 반찬류"


@pytest.fixture(autouse=True)
def private_cache_and_media(settings, tmp_path):
    """The import's progress goes through the cache, its upload to media: both this test's own."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def sample_with_bad_row(tmp_path):
    """The 35-column sample (CP949) with a row whose company name has no letters and products "???"."""
    rows = sample_rows(SAMPLE_35, "cp949")
    bad = row_35(
        회사명="@@@###", 생산품="???", 공장관리번호="28200201800099", 공장주소="인천광역시 서구 원창로 99"
    )
    path = tmp_path / "factories-35col-with-bad-row.csv"
    path.write_bytes(csv_text([*rows, bad]).encode("cp949"))
    return path


@pytest.fixture
def imported(operator, sample_with_bad_row, django_capture_on_commit_callbacks):
    """The file uploaded on /imports/ and run by the worker, as an operator does it."""
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/", {"file": SimpleUploadedFile("sample.csv", sample_with_bad_row.read_bytes())})
    run_worker()
    return ImportRun.objects.get()


def names(response) -> set[str]:
    return {company["name"] for company in response.json()["results"]}


def test_sample_import_keeps_the_food_company_out_of_the_default_lists_and_rejects_the_bad_row(
    client, operator, imported
):
    # The bad row is rejected, naming its line (9: the header is line 1), its column and its value.
    assert (imported.status, imported.added, imported.rejected) == ("done", 6, 1)
    assert imported.errors == [
        {"line": 9, "column": "회사명", "reason": "회사명 '@@@###'에 글자(한글이나 영문)가 없습니다"}
    ]
    report = client_for(operator).get(f"/imports/{imported.pk}/").content.decode()
    assert "@@@###" in report and '<td class="num">9</td>' in report
    assert not Organization.objects.filter(name__contains="@").exists()

    # The kimchi maker is registered, not root industry, and says why.
    kimchi = Organization.objects.get(name=KIMCHI)
    assert not kimchi.is_root_industry
    assert kimchi.root_industry_reason["ko"].startswith("뿌리산업 아님: KSIC 10799")
    assert kimchi.root_industry_reason["en"].startswith("Not root industry: KSIC 10799")
    sekwang = Organization.objects.get(name="세광주조(주)")
    assert sekwang.is_root_industry and "KSIC 24321" in sekwang.root_industry_reason["ko"]
    hanil = Organization.objects.get(name="한일금형")  # Rev. 9's 29294 counts as 29293 (mold)
    assert hanil.is_root_industry and "KSIC 29294" in hanil.root_industry_reason["ko"]

    # The directory page: not by default, but with root_industry=any (and alone with false).
    page = client.get("/companies/").content.decode()
    assert KIMCHI not in page and "세광주조(주)" in page
    assert KIMCHI in client.get("/companies/", {"root_industry": "any"}).content.decode()
    only_others = client.get("/companies/", {"root_industry": "false"}).content.decode()
    assert KIMCHI in only_others and "세광주조(주)" not in only_others

    # The API: the same, with the mark and its reason on each company.
    default = client.get("/api/v1/companies")
    assert default.status_code == 200 and KIMCHI not in names(default) and len(names(default)) == 5
    assert default.json()["root_industry_counts"] == {"true": 5, "false": 1}
    every = client.get("/api/v1/companies", {"root_industry": "any"}).json()
    row = next(company for company in every["results"] if company["name"] == KIMCHI)
    assert row["root_industry"] is False and "10799" in row["root_industry_reason"]
    assert every["count"] == 6
    assert names(client.get("/api/v1/companies", {"root_industry": "false"})) == {KIMCHI}
    detail = client.get(f"/api/v1/companies/{kimchi.pk}", headers={"accept-language": "en"}).json()
    assert detail["root_industry"] is False and detail["root_industry_reason"].startswith("Not root industry")

    # Its own page stays public: a registered factory is public data.
    profile = client.get(f"/companies/{kimchi.pk}/")
    assert profile.status_code == 200 and KIMCHI in profile.content.decode()
    assert kimchi.root_industry_reason["ko"] in profile.content.decode()  # and why it is not listed


def test_the_import_report_marks_which_companies_are_not_root_industry(operator, imported):
    page = client_for(operator).get(f"/imports/{imported.pk}/").content.decode()
    assert page.count('data-testid="import-entry-not-root"') == 1
    kimchi = Organization.objects.get(name=KIMCHI)
    assert f'<a href="/companies/{kimchi.pk}/" data-testid="import-entry-link">{KIMCHI}</a>' in page


def test_products_without_letters_are_no_products_and_no_evidence(tmp_path):
    header = sample_rows(SAMPLE_35, "cp949")[0]
    food = row_35(
        회사명="물음표식품", 생산품="???", 원자재="-/-", 대표업종="10799", 업종코드="10799", 업종명="식품"
    )
    path = tmp_path / "questions.csv"
    path.write_text(csv_text([header, food]))
    call_command("import_factories", str(path), stdout=StringIO(), stderr=StringIO())
    company = Organization.objects.get()
    assert (company.products, company.raw_materials, company.is_root_industry) == ("", "", False)


def test_names_of_signs_only_are_rejected_in_the_5_column_layout_too(tmp_path):
    path = tmp_path / "five.csv"
    path.write_text(
        "순번,회사명,단지명,생산품,공장주소\n"
        "1,###,,금형,인천광역시 남동구 남동대로 1\n"
        "2,ABC정밀,,금형,인천 남동구 남동대로 2\n"
    )
    out = StringIO()
    call_command("import_factories", str(path), "--json", stdout=out, stderr=StringIO())
    assert '"line": 2, "column": "회사명"' in out.getvalue()
    assert list(Organization.objects.values_list("name", flat=True)) == ["ABC정밀"]


def test_the_mark_follows_ksic_products_and_capabilities_through_the_services(operator):
    company = services.organization_create(actor=operator, name="한결식품", products="두부, 김치")
    assert not company.is_root_industry and "뿌리산업 아님" in company.root_industry_reason["ko"]
    assert not ActivityLog.objects.filter(verb__startswith="registry.organization.root_industry").exists()

    services.organization_update(actor=operator, organization=company, products="알루미늄 다이캐스팅 부품")
    company.refresh_from_db()
    assert company.is_root_industry and "'다이캐스팅'" in company.root_industry_reason["ko"]
    assert ActivityLog.objects.filter(verb="registry.organization.root_industry_marked").count() == 1

    services.organization_update(actor=operator, organization=company, products="두부")
    company.refresh_from_db()
    assert not company.is_root_industry

    capability = services.capability_create(
        actor=operator, organization=company, process=Process.objects.get(slug="heat-treatment.carburizing")
    )
    company.refresh_from_db()
    assert company.is_root_industry and "침탄" in company.root_industry_reason["ko"]
    services.capability_delete(actor=operator, capability=capability)
    company.refresh_from_db()
    assert not company.is_root_industry

    services.organization_update(actor=operator, organization=company, ksic_main="25921")
    company.refresh_from_db()
    assert company.is_root_industry and "KSIC 25921" in company.root_industry_reason["ko"]
    with translation.override("en"):
        assert company.root_industry_reason_text.startswith("Root industry: KSIC 25921")
    assert ActivityLog.objects.filter(verb__startswith="registry.organization.root_industry").count() == 5


def test_a_bulk_refresh_writes_only_what_changed():
    ksic_only = OrganizationFactory(name="업종만정밀", products="")
    SiteFactory(organization=ksic_only, ksic_codes=["24321"])
    food = OrganizationFactory(name="반찬가게", products="반찬류", ksic_main="10799")
    marks = organizations_root_industry_refresh(organization_ids=[ksic_only.pk, food.pk])
    assert marks == {ksic_only.pk: True, food.pk: False}
    before = list(Organization.objects.order_by("pk").values_list("root_industry_reason", flat=True))
    organizations_root_industry_refresh(organization_ids=[ksic_only.pk, food.pk])
    assert list(Organization.objects.order_by("pk").values_list("root_industry_reason", flat=True)) == before


def test_the_migration_marks_existing_rows_from_ksic_codes_and_capabilities():
    migration = importlib.import_module(
        "ppuri.registry.migrations.0004_root_industry_mark_and_import_entries"
    )
    by_site_code = OrganizationFactory(name="주조업체")
    SiteFactory(organization=by_site_code, ksic_codes=["24321"])
    by_capability = OrganizationFactory(name="가공업체", ksic_main="10799")
    Capability.objects.create(organization=by_capability, process=Process.objects.get(slug="casting.sand"))
    food = OrganizationFactory(name="식품업체", ksic_main="10799")
    nothing = OrganizationFactory(name="빈업체", products="")
    migration._mark_existing_organizations(apps, None)
    marks = dict(Organization.objects.values_list("name", "is_root_industry"))
    assert marks == {"주조업체": True, "가공업체": True, "식품업체": False, "빈업체": False}
    food.refresh_from_db()
    nothing.refresh_from_db()
    assert "10799" in food.root_industry_reason["ko"] and "KSIC" in nothing.root_industry_reason["en"]


@pytest.mark.parametrize("value", ["maybe", "TRUE1", "\x00", "1", " "])
def test_bad_root_industry_values_are_a_422_in_the_api_and_a_notice_on_the_page(client, value):
    food = OrganizationFactory(name="반찬가게", products="반찬류", ksic_main="10799")
    organizations_root_industry_refresh(organization_ids=[food.pk])
    root = OrganizationFactory(name="세광주조(주)")
    api = client.get("/api/v1/companies", {"root_industry": value})
    assert api.status_code == 422 and "root_industry" in api.content.decode()
    page = client.get("/companies/", {"root_industry": value})
    html = page.content.decode()
    assert page.status_code == 200
    if value.strip():
        assert 'data-testid="root-industry-notice"' in html
    # Either way the default scope is shown: the root company, not the food company.
    assert root.name in html and food.name not in html
    partial = client.get("/companies/", {"root_industry": value, "partial": "1"})
    assert partial.status_code == 200


def test_root_industry_values_in_any_case_on_the_page(client):
    food = OrganizationFactory(name="반찬가게", products="반찬류", ksic_main="10799")
    organizations_root_industry_refresh(organization_ids=[food.pk])
    html = client.get("/companies/", {"root_industry": "ANY"}).content.decode()
    assert food.name in html and 'data-testid="root-industry-notice"' not in html


def test_the_directory_filter_shows_both_counts(client):
    food = OrganizationFactory(name="반찬가게", products="반찬류", ksic_main="10799")
    organizations_root_industry_refresh(organization_ids=[food.pk])
    OrganizationFactory(name="세광주조(주)")
    html = client.get("/companies/").content.decode()
    filter_block = html.split('data-testid="root-industry-filter"')[1].split("</fieldset>")[0]
    assert [part.split("<")[0] for part in filter_block.split('data-testid="root-industry-count">')[1:]] == [
        "1",
        "1",
        "2",
    ]
    assert 'value="true" id="root-industry-true" checked' in filter_block


def titles(**kwargs) -> set[str]:
    return {hit.title for hit in search(**kwargs).hits}


@pytest.fixture
def kimchi_makers(operator):
    food = services.organization_create(actor=operator, name="한결식품", products="김치 반찬")
    root = services.organization_create(actor=operator, name="한결주조", products="김치 냉장고 다이캐스팅")
    assert not food.is_root_industry and root.is_root_industry
    return food, root


def test_search_finds_other_industries_only_when_asked(kimchi_makers):
    assert titles(query="김치") == {"한결주조"}
    assert titles(query="김치", filters={"root_industry": ["any"]}) == {"한결식품", "한결주조"}
    assert titles(query="김치", filters={"root_industry": ["true", "false"]}) == {"한결식품", "한결주조"}
    assert titles(query="김치", filters={"root_industry": ["false"]}) == {"한결식품"}
    assert titles(query="김치", filters={"root_industry": ["maybe"]}) == {"한결주조"}
    # The count and the facets say the same: the other company is counted only when asked for.
    result = search(query="김치")
    assert result.total == 1 and result.facets["root_industry"] == {"true": 1}
    every = search(query="김치", filters={"root_industry": ["any"]})
    assert every.total == 2 and every.facets["root_industry"] == {"true": 1, "false": 1}


def test_search_page_and_api_take_the_scope_and_refuse_bad_values_in_the_api(client, kimchi_makers):
    page = client.get("/search/", {"q": "김치"}).content.decode()
    assert "한결주조" in page and "한결식품" not in page
    assert 'data-testid="search-other-industries"' in page
    every = client.get("/search/", {"q": "김치", "root_industry": "any"}).content.decode()
    assert "한결식품" in every and 'data-testid="search-other-industries"' not in every
    assert client.get("/search/", {"q": "김치", "root_industry": "\x00"}).status_code == 200
    api = client.get("/api/v1/search", {"q": "김치"}).json()
    assert [hit["title"] for hit in api["results"]] == ["한결주조"]
    api = client.get("/api/v1/search", {"q": "김치", "root_industry": "false"}).json()
    assert [hit["title"] for hit in api["results"]] == ["한결식품"]
    refused = client.get("/api/v1/search", {"q": "김치", "root_industry": "maybe"})
    assert refused.status_code == 422 and "root_industry" in refused.content.decode()


def test_the_refresh_command_reads_products_texts_and_reindexes_what_changed():
    typed = OrganizationFactory(name="손글씨금형", products="프레스 금형")  # no capability, no KSIC
    food = OrganizationFactory(name="반찬가게", products="반찬류", ksic_main="10799")
    Organization.objects.update(is_root_industry=False, root_industry_reason={})
    out = StringIO()
    call_command("root_industry_refresh", stdout=out)
    marks = dict(Organization.objects.values_list("name", "is_root_industry"))
    assert marks == {"손글씨금형": True, "반찬가게": False}
    assert "뿌리산업 1곳, 그 밖 1곳 (표시가 바뀐 곳 1)" in out.getvalue()
    typed.refresh_from_db()
    food.refresh_from_db()
    assert typed.root_industry_reason["ko"] == "뿌리산업: 생산품의 '프레스 금형'(금형)"
    assert food.root_industry_reason["ko"].startswith("뿌리산업 아님: KSIC 10799")
    assert titles(query="프레스 금형") == {"손글씨금형"}
