"""The directory's 뿌리산업 여부 filter in a real browser: the radio refreshes the results in place."""

import pytest
from playwright.sync_api import expect

from ppuri.registry.root_industry import organizations_root_industry_refresh
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_root_industry_filter_shows_the_other_companies_on_request(page, supplier):
    food = OrganizationFactory(name="미래반찬", products="김치, 반찬류", ksic_main="10799")
    organizations_root_industry_refresh(organization_ids=[food.pk])
    page.goto("/companies/")
    expect(page.get_by_test_id("company-row")).to_have_count(1)
    expect(page.get_by_test_id("company-row")).to_contain_text("세광주조")
    page.locator("#root-industry-any").check()
    expect(page.get_by_test_id("company-row")).to_have_count(2)
    expect(page.get_by_test_id("not-root-industry")).to_have_count(1)
    assert "root_industry=any" in page.url
    page.locator("#root-industry-false").check()
    expect(page.get_by_test_id("company-row")).to_have_count(1)
    expect(page.get_by_test_id("company-row")).to_contain_text("미래반찬")
