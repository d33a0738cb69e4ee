"""English for foreign firms, in the browser (issue 12, item 8): a browser that asks for English gets a
company's English name, the English names of its process, material and technology, and API errors in
English; a Korean browser gets them in Korean."""

import pytest
from playwright.sync_api import expect

from ppuri.reference.models import Complex, Material, Process
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caster():
    organization = OrganizationFactory(
        name="한결정밀(주)", name_en="Hangyeol Precision Co., Ltd.", products="로봇 관절 하우징"
    )
    SiteFactory(organization=organization, complex=Complex.objects.get(slug="namdong"))
    capability = CapabilityFactory(
        organization=organization, process=Process.objects.get(slug="casting.die-casting")
    )
    capability.materials.set([Material.objects.get(slug="aluminum")])
    return organization


@pytest.fixture
def english_page(browser, live_server):
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_company_page_and_api_errors_in_english(english_page, caster):
    page = english_page
    page.goto(caster.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Hangyeol Precision Co., Ltd.")
    main = page.locator("main")
    for words in ("High-pressure die casting", "Aluminum", "Casting", "Namdong"):
        expect(main).to_contain_text(words)
    expect(main).not_to_contain_text("다이캐스팅")
    # The API answers in the language the request asks for.
    english = page.request.get("/api/v1/companies/999999", headers={"Accept-Language": "en"})
    korean = page.request.get("/api/v1/companies/999999", headers={"Accept-Language": "ko"})
    assert (english.status, english.json()) == (404, {"detail": "Not found."})
    assert (korean.status, korean.json()) == (404, {"detail": "찾을 수 없습니다."})


def test_the_same_page_in_a_korean_browser_stays_korean(page, caster):
    page.goto(caster.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_contain_text("한결정밀(주)")
    expect(page.locator("main")).to_contain_text("다이캐스팅")
