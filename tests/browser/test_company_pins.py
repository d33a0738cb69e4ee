"""A visitor sees the companies of the directory's page and a company's sites pinned on the map of the
complexes, the estimated positions hollow and said to be estimates."""

import os

import pytest
from playwright.sync_api import expect

from tests.factories import OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_pins_on_the_directory_and_a_company_page(page, supplier):
    entered = OrganizationFactory(name="좌표정밀(주)")
    SiteFactory(organization=entered, name="제2공장", latitude=37.4051, longitude=126.7012)

    page.goto("/companies/")
    directory_map = page.get_by_test_id("directory-map")
    expect(directory_map.locator('svg[role="img"]')).to_have_attribute(
        "aria-label", "이 페이지 기업의 위치 지도"
    )
    expect(directory_map.get_by_test_id("pin")).to_have_count(2)
    expect(directory_map.locator('[data-testid=pin][data-estimated="true"]')).to_have_count(1)
    pin_list = directory_map.get_by_test_id("pin-list")
    expect(pin_list.locator("li")).to_have_count(2)
    estimated = pin_list.locator('li[data-estimated="true"]')
    expect(estimated).to_contain_text("세광주조(주)")
    expect(estimated).to_contain_text("추정 위치")
    expect(pin_list.locator('li[data-estimated="false"]')).not_to_contain_text("추정 위치")
    if os.environ.get("PPURI_SCREENSHOTS"):
        directory_map.screenshot(path=os.path.join(os.environ["PPURI_SCREENSHOTS"], "directory-map.png"))

    # Typing a name redraws the map with the page's companies only.
    page.get_by_test_id("name-filter").press_sequentially("좌표", delay=50)
    expect(page.get_by_test_id("company-row")).to_have_count(1)
    expect(directory_map.get_by_test_id("pin")).to_have_count(1)
    expect(directory_map.locator('[data-testid=pin][data-estimated="false"]')).to_have_count(1)

    page.goto(f"/companies/{supplier.pk}/")
    site_map = page.get_by_test_id("pin-map")
    expect(site_map.locator('svg[role="img"]')).to_have_attribute(
        "aria-label", "세광주조(주)의 사업장 위치 지도"
    )
    expect(site_map.locator('[data-testid=pin][data-estimated="true"]')).to_have_count(1)
    expect(site_map.get_by_test_id("estimated-flag")).to_have_text("추정 위치")
    expect(site_map.get_by_test_id("pin-legend")).to_contain_text("추정 위치(속이 빈 핀)")
    if os.environ.get("PPURI_SCREENSHOTS"):
        site_map.screenshot(path=os.path.join(os.environ["PPURI_SCREENSHOTS"], "company-map.png"))
