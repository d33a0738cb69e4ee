"""The company directory page: facets with counts that add up, filters, search-as-you-type."""

import re

import pytest

from ppuri.reference.models import Certification, Complex, Process
from ppuri.registry.models import OrganizationCertification
from tests.conftest import add_companies, count_queries
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory


@pytest.fixture
def directory_data(supplier, other_company):
    outside = OrganizationFactory(name="개별정밀", products="CNC 가공")
    SiteFactory(organization=outside, complex=None, address="인천광역시 서구 봉수대로 1")
    CapabilityFactory(
        organization=outside, process=Process.objects.get(slug="precision-machining.cnc-milling")
    )
    seobu = OrganizationFactory(name="서부주물")
    SiteFactory(organization=seobu, complex=Complex.objects.get(slug="seobu"))
    CapabilityFactory(organization=seobu, process=Process.objects.get(slug="casting.sand"))
    OrganizationCertification.objects.create(
        organization=seobu, certification=Certification.objects.get(slug="iso-9001")
    )
    return supplier, other_company, outside, seobu


def facet_counts(html: str, facet: str) -> dict[str, int]:
    block = re.search(rf'data-facet="{facet}">(.*?)</fieldset>', html, re.S).group(1)
    pairs = re.findall(
        # The checkbox, then its label (KRDS: a <label for> beside the input) and the count.
        r'value="([^"]+)"[^>]*>(?:\s*<label[^>]*>)?\s*[^<]*'
        r'<span class="count" data-testid="facet-count">([\d,]+)',
        block,
    )
    return {slug: int(n.replace(",", "")) for slug, n in pairs}


def total(html: str) -> int:
    return int(re.search(r'data-testid="result-total">\D*([\d,]+)', html).group(1).replace(",", ""))


@pytest.mark.django_db
def test_complex_facet_adds_up_to_the_companies_shown(client, directory_data):
    html = client.get("/companies/").content.decode()
    counts = facet_counts(html, "complex")
    assert counts == {"namdong": 2, "seobu": 1, "none": 1}
    assert sum(counts.values()) == total(html) == 4


@pytest.mark.django_db
def test_filtering_narrows_results_and_other_facets(client, directory_data):
    html = client.get("/companies/", {"technology": "casting"}).content.decode()
    assert total(html) == 2
    assert facet_counts(html, "complex") == {"namdong": 1, "seobu": 1}
    assert sum(facet_counts(html, "complex").values()) == total(html)
    # The technology facet is counted without its own filter, so the user can widen it.
    assert facet_counts(html, "technology")["heat-treatment"] == 1
    html = client.get("/companies/", {"technology": "casting", "certification": "iso-9001"}).content.decode()
    assert total(html) == 1 and "서부주물" in html


@pytest.mark.django_db
def test_search_as_you_type_returns_the_results_fragment(client, directory_data):
    response = client.get("/companies/", {"q": "동진", "partial": "1"})
    html = response.content.decode()
    assert "<html" not in html
    assert "동진열처리" in html and "세광주조" not in html
    assert total(html) == 1


@pytest.mark.django_db
def test_unknown_facet_values_are_ignored_not_errors(client, directory_data):
    response = client.get("/companies/", {"complex": "atlantis", "page": "abc"})
    assert response.status_code == 200
    assert total(response.content.decode()) == 0


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_rows(client, directory_data):
    before = count_queries(client, "/companies/")
    add_companies(15)
    assert count_queries(client, "/companies/") == before
    assert count_queries(client, "/companies/", technology="casting", q="추가") <= before + 2


@pytest.mark.django_db
def test_profile_and_complex_pages(client, supplier):
    html = client.get(f"/companies/{supplier.pk}/").content.decode()
    assert "세광주조(주)" in html and "다이캐스팅" in html
    complex_html = client.get("/complexes/namdong/").content.decode()
    assert "남동국가산업단지" in complex_html and "남동공단" in complex_html
    assert client.get("/complexes/atlantis/").status_code == 404


@pytest.mark.django_db
def test_language_switch_shows_english(client, supplier):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/companies/"})
    assert response.status_code == 302
    html = client.get("/companies/").content.decode()
    assert 'lang="en"' in html
    assert "Find companies" in html


@pytest.mark.django_db
def test_demo_banner_follows_the_data_not_the_command(client, supplier):
    from django.core.cache import cache

    from ppuri.registry.models import Organization

    assert 'data-testid="demo-banner"' not in client.get("/").content.decode()
    Organization.objects.filter(pk=supplier.pk).update(is_demo=True)
    cache.clear()
    assert 'data-testid="demo-banner"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_private_companies_stay_out_of_lists_counts_and_complex_pages(client, supplier, other_company):
    from ppuri.registry.models import Organization

    Organization.objects.filter(pk=other_company.pk).update(is_public=False)
    html = client.get("/companies/").content.decode()
    assert total(html) == 1 and "동진열처리" not in html
    assert facet_counts(html, "complex") == {"namdong": 1}
    assert "heat-treatment" not in facet_counts(html, "technology")
    api = client.get("/api/v1/companies").json()
    assert api["count"] == 1 and [r["name"] for r in api["results"]] == ["세광주조(주)"]
    complex_page = client.get("/complexes/namdong/")
    assert complex_page.context["company_count"] == 1


@pytest.mark.django_db
def test_profile_and_complex_page_query_counts_do_not_grow(client, supplier):
    from ppuri.reference.models import Material

    profile = f"/companies/{supplier.pk}/"
    before = (count_queries(client, profile), count_queries(client, "/complexes/namdong/"))
    for process in Process.objects.filter(technology__slug="heat-treatment")[:6]:
        capability = CapabilityFactory(organization=supplier, process=process)
        capability.materials.set(Material.objects.all()[:3])
    add_companies(10, prefix="남동")
    assert (count_queries(client, profile), count_queries(client, "/complexes/namdong/")) == before
