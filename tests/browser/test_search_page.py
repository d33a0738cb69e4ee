import re

import pytest
from playwright.sync_api import expect

from ppuri.reference.models import Complex, Material, Process
from ppuri.search.services import index_rebuild
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed():
    for name, products, process, complex_slug in [
        ("대흥다이캐스팅", "알루미늄 다이캐스팅 로봇 하우징", "casting.die-casting", "namdong"),
        ("진성표면처리", "알루미늄 피막처리", "surface-treatment.anodizing", "juan"),
        ("동진열처리", "침탄 열처리", "heat-treatment.carburizing", "namdong"),
        ("서부다이캐스팅", "아연 다이캐스팅", "casting.die-casting", "seobu"),
    ]:
        organization = OrganizationFactory(name=name, products=products)
        SiteFactory(organization=organization, complex=Complex.objects.get(slug=complex_slug))
        capability = CapabilityFactory(organization=organization, process=Process.objects.get(slug=process))
        capability.materials.set([Material.objects.get(slug="aluminum")])
    index_rebuild()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("열처리를 하는 곳", "동진열처리"),
        ("aluminum die casting", "대흥다이캐스팅"),
        ("anodizing", "진성표면처리"),
    ],
)
def test_queries_from_the_search_box_find_the_company_on_page_one(page, indexed, query, expected):
    page.goto("/")
    page.fill("#site-q", query)
    page.press("#site-q", "Enter")
    expect(page.get_by_test_id("search-results")).to_contain_text(expected)


def test_facets_narrow_the_results(page, indexed):
    page.goto("/search/?q=다이캐스팅")
    expect(page.get_by_test_id("search-hit")).to_have_count(2)
    page.locator('fieldset[data-facet="complex"] input[value="seobu"]').check()
    page.locator(".facets button[type=submit]").click()
    expect(page.get_by_test_id("search-hit")).to_have_count(1)
    expect(page.get_by_test_id("search-hit")).to_contain_text("서부다이캐스팅")
    # The chosen complex still lists the others with their counts, to switch or widen.
    expect(page.locator('fieldset[data-facet="complex"] input[value="namdong"]')).not_to_be_checked()
    page.get_by_test_id("search-tabs").locator('a[data-type="company"]').click()
    expect(page).to_have_url(re.compile(r"type=company"))
    expect(page.get_by_test_id("search-hit")).to_have_count(1)
    expect(page.get_by_test_id("search-hit")).to_contain_text("서부다이캐스팅")
