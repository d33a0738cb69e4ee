import re

import pytest
from playwright.sync_api import expect

from ppuri.registry.models import Capability
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_filters_by_facet_and_name_as_you_type(page, supplier, other_company):
    page.goto("/companies/")
    expect(page.get_by_test_id("result-total")).to_contain_text("2")
    page.locator('fieldset[data-facet="technology"] input[value="heat-treatment"]').check()
    expect(page.get_by_test_id("result-total")).to_contain_text("1")
    expect(page.get_by_test_id("company-row")).to_have_count(1)
    expect(page.get_by_test_id("company-row")).to_contain_text("동진열처리")
    assert "technology=heat-treatment" in page.url
    page.locator('fieldset[data-facet="technology"] input[value="heat-treatment"]').uncheck()
    expect(page.get_by_test_id("company-row")).to_have_count(2)
    page.get_by_test_id("name-filter").press_sequentially("세광", delay=50)
    expect(page.get_by_test_id("company-row")).to_have_count(1)
    expect(page.get_by_test_id("company-row")).to_contain_text("세광주조")


def test_profile_shows_capabilities_with_their_source(page, supplier):
    page.goto("/companies/")
    # The list's link (the page's map pins the company too, with a link of the same name).
    page.get_by_test_id("company-row").get_by_role("link", name="세광주조(주)").click()
    expect(page.get_by_test_id("company-name")).to_have_text("세광주조(주)")
    row = page.locator('[data-testid=capability][data-process="casting.die-casting"]')
    expect(row).to_contain_text("다이캐스팅")
    expect(row).to_contain_text("알루미늄")
    expect(page.get_by_test_id("site")).to_contain_text("남동")


def test_company_admin_edits_a_capability(page, supplier, supplier_admin):
    capability = supplier.capabilities.get()
    log_in(page, "supplier-admin")
    page.goto(f"/companies/{supplier.pk}/")
    page.locator('[data-process="casting.die-casting"] a:has-text("수정")').click()
    expect(page).to_have_url(re.compile(rf"/capabilities/{capability.pk}/$"))
    page.fill("#id_equipment", "다이캐스팅기 350톤 2대")
    page.select_option("#id_batch_band", "mass")
    page.get_by_test_id("capability-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("company-name")).to_have_text("세광주조(주)")
    expect(page.locator('[data-process="casting.die-casting"]')).to_contain_text("다이캐스팅기 350톤 2대")
    expect(page.get_by_test_id("activity")).to_contain_text("공정 역량 수정")
    capability.refresh_from_db()
    assert capability.equipment == "다이캐스팅기 350톤 2대"
    assert capability.batch_band == Capability.BatchBand.MASS


def test_language_switch_on_every_page(page, supplier):
    page.goto(f"/companies/{supplier.pk}/")
    page.locator('.lang-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('.lang-switch button[value="ko"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
