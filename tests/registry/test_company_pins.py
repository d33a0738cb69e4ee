"""Company pins (issue 18): a company's sites on its profile and the directory page's companies on the
base map of the complexes, estimated positions drawn hollow and said to be estimates, only companies
the viewer may see, and no more queries as rows grow."""

import re

import pytest
from django.utils import translation

from ppuri.reference.models import Complex
from ppuri.registry import selectors
from ppuri.registry.models import Organization
from tests.conftest import add_companies, client_for, count_queries
from tests.factories import OrganizationFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def _svg(html: str, testid: str = "pin-map") -> str:
    figure = re.search(rf'<figure class="pin-map" data-testid="{testid}">.*?</figure>', html, re.S)
    assert figure, "no map on the page"
    return figure.group(0)


def _pins(svg: str) -> list[str]:
    return re.findall(r'<g class="pin[^"]*" data-testid="pin" data-estimated="(true|false)">', svg)


def test_a_site_without_coordinates_in_a_complex_is_pinned_hollow_at_its_centre_and_said_so(client, supplier):
    html = client.get(f"/companies/{supplier.pk}/").content.decode()
    figure = _svg(html)
    assert 'role="img"' in figure and 'aria-label="세광주조(주)의 사업장 위치 지도"' in figure
    assert _pins(figure) == ["true"]
    assert 'fill="#ffffff" stroke-dasharray' in figure  # hollow, dashed: the shape says it
    assert "추정 위치" in figure and "좌표가 없어 산업단지 추정 중심점에 표시" in figure
    # The text alternative: a list the drawing points to, naming the site, its complex and the flag.
    pin_list = re.search(r'<ol class="pin-list" id="site-map-list".*?</ol>', figure, re.S).group(0)
    assert 'aria-describedby="site-map-list"' in figure
    assert "남동산단" in pin_list and 'data-testid="estimated-flag"' in pin_list
    # The complexes' estimated outlines under it, dashed and said to be estimates.
    assert figure.count("data-outline=") == Complex.objects.count()
    assert 'stroke-dasharray="5 3"' in figure and "점선: 산업단지의 추정 윤곽." in figure


def test_coordinates_a_company_entered_are_a_filled_pin_not_flagged(client):
    company = OrganizationFactory(name="정밀좌표(주)")
    SiteFactory(organization=company, name="제2공장", latitude=37.4051, longitude=126.7012)
    figure = _svg(client.get(f"/companies/{company.pk}/").content.decode())
    assert _pins(figure) == ["false"]
    assert "추정 위치" not in figure.split('<ul class="map-legend')[0]  # nowhere but the legend
    assert 'data-estimated="false">제2공장' in figure or "제2공장" in figure


def test_the_demos_coordinates_are_estimates(client):
    company = OrganizationFactory(name="데모좌표(주)", is_demo=True)
    SiteFactory(organization=company, latitude=37.4051, longitude=126.7012)
    figure = _svg(client.get(f"/companies/{company.pk}/").content.decode())
    assert _pins(figure) == ["true"] and "데모 데이터의 임의 위치" in figure


def test_a_site_with_no_position_at_all_gets_no_pin_and_no_map(client):
    company = OrganizationFactory(name="위치모름(주)")
    SiteFactory(organization=company, complex=None, district="미추홀구")
    html = client.get(f"/companies/{company.pk}/").content.decode()
    assert 'data-testid="pin-map"' not in html


def test_a_site_far_from_incheon_is_listed_beside_the_map_not_drawn(client):
    company = OrganizationFactory(name="두곳정밀(주)")
    SiteFactory(organization=company, name="인천공장", latitude=37.405, longitude=126.70)
    SiteFactory(organization=company, name="부산공장", latitude=35.10, longitude=129.03, is_primary=False)
    figure = _svg(client.get(f"/companies/{company.pk}/").content.decode())
    assert len(_pins(figure)) == 1
    assert re.search(
        r'data-outside="true"><span class="pin-number">2.</span> 부산공장[^<]*지도 범위 밖', figure
    )
    # Incheon keeps its scale: the far site did not shrink the complexes to a dot.
    assert "0.0,0.0" not in figure


def test_the_directory_pins_the_companies_of_the_page_shown_only(client, settings, supplier, other_company):
    settings.PPURI_DIRECTORY_PAGE_SIZE = 2
    add_companies(3)
    html = client.get("/companies/").content.decode()
    figure = _svg(html)
    assert 'aria-label="이 페이지 기업의 위치 지도"' in figure
    rows = re.findall(r'data-testid="company-row">\s*<a class="card-title" href="([^"]+)">([^<]+)</a>', html)
    assert len(rows) == 2
    assert len(_pins(figure)) == 2
    pin_list = re.search(r'<ol class="pin-list".*?</ol>', figure, re.S).group(0)
    for number, (url, name) in enumerate(rows, 1):
        item = rf'<li value="{number}"[^>]*><span class="pin-number">{number}.</span> <a href="{url}">'
        assert re.search(item + re.escape(name) + "</a>", pin_list)
    second = client.get("/companies/", {"page": 2}).content.decode()
    assert rows[0][1] not in _svg(second)
    # The search-as-you-type fragment carries the same map.
    assert 'data-testid="directory-map"' in client.get("/companies/", {"partial": "1"}).content.decode()


def test_a_private_companys_site_never_reaches_a_map(client, supplier):
    hidden = OrganizationFactory(name="비공개XQ정밀", is_public=False)
    SiteFactory(organization=hidden, name="XQ비밀공장", latitude=37.4049, longitude=126.7003)
    member = UserFactory(username="xq-outsider")
    for viewer in (client, client_for(member)):
        html = viewer.get("/companies/", {"root_industry": "any"}).content.decode()
        figure = _svg(html)
        # The whole names: two letters alone turn up in a random CSRF token one page in a few hundred.
        assert "비공개XQ정밀" not in html and "XQ비밀공장" not in html and len(_pins(figure)) == 1
        for q in ("XQ", "비공개"):  # searched for: no row, no pin, no map
            searched = viewer.get("/companies/", {"q": q, "root_industry": "any"}).content.decode()
            assert "비공개XQ정밀" not in searched and "XQ비밀공장" not in searched
            assert 'data-testid="pin-map"' not in searched
        assert viewer.get(f"/companies/{hidden.pk}/").status_code == 404
    assert Organization.objects.filter(name="비공개XQ정밀", is_public=False).exists()


def test_pins_add_one_query_and_no_more_as_rows_grow(client, supplier):
    profile = f"/companies/{supplier.pk}/"
    before = (count_queries(client, "/companies/"), count_queries(client, profile))
    add_companies(12)
    SiteFactory(organization=supplier, name="제3공장", latitude=37.41, longitude=126.70, is_primary=False)
    assert (count_queries(client, "/companies/"), count_queries(client, profile)) == before


def test_site_position_says_which_positions_are_estimates(supplier):
    site = supplier.sites.select_related("complex").get()
    with translation.override("en"):
        position = selectors.site_position(site=site, organization=supplier)
    namdong = Complex.objects.get(slug="namdong")
    assert position is not None and position.estimated
    assert (position.latitude, position.longitude) == (namdong.latitude, namdong.longitude)
    assert position.note and "좌표" not in position.note  # in the reader's language (once translated)
