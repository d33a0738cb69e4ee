"""The KRDS frame and the phone layout in real Chromium: the signed-in header stays on one line at
1,366 px, the main menu follows the role, the directory puts its first result above the fold on a
phone with the facets behind 필터 (with and without JavaScript), the skip link moves focus to the
main region, 수락 and 거절 differ, form errors are tied to their field, and the main pages load only
our own CSS and scripts with no Content Security Policy violation."""

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.challenges import services as desk
from ppuri.reference.models import Defect, Material, Process, Technology
from tests.browser.conftest import log_in
from tests.conftest import add_companies
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _box(locator):
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("username", ["operator", "supplier-admin"])
def test_the_signed_in_header_is_one_line_at_1366(page, operator, supplier_admin, username, language):
    page.set_viewport_size(DESKTOP)
    log_in(page, username)
    page.goto("/companies/")
    if language == "en":
        page.locator('.lang-switch button[value="en"]').click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    items = page.locator(".main-nav .gnb-menu > li")
    first, last = _box(items.first), _box(items.last)
    assert first["y"] == last["y"], "the main menu wraps"
    assert last["x"] + last["width"] <= DESKTOP["width"], "the main menu runs off the screen"
    menu = page.get_by_test_id("main-nav").locator(".gnb-menu")
    assert menu.evaluate("el => el.scrollWidth <= el.clientWidth"), "the main menu scrolls sideways"

    # The utility row: language, notifications and the user's menu side by side, the name on one line.
    language_box = _box(page.locator(".lang-switch"))
    user_box = _box(page.locator("details.user-menu > summary"))
    notifications_box = _box(page.get_by_test_id("notifications-link"))
    assert language_box["y"] == notifications_box["y"] == user_box["y"]
    assert user_box["height"] < 2 * _box(page.locator(".lang-switch button").first)["height"]

    # The menu opens on its summary and closes on Escape; it holds the account's pages.
    page.locator("details.user-menu > summary").click()
    expect(page.locator("details.user-menu .drop-menu")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("details.user-menu .drop-menu")).to_be_hidden()


ANONYMOUS_MENU = ["기업 찾기", "기술 지식", "채용", "산업단지"]
MENUS = {
    None: ANONYMOUS_MENU,
    Role.SEEKER: ANONYMOUS_MENU,
    Role.COMPANY: ["기업 찾기", "견적 요청", "한계기술 자문", "기술 지식", "채용", "산업단지"],
    Role.EXPERT: ["기업 찾기", "한계기술 자문", "기술 지식", "채용", "산업단지"],
    Role.CITY: ["기업 찾기", "한계기술 자문", "기술 지식", "채용", "산업단지"],
    Role.LABOR_OFFICE: ["기업 찾기", "한계기술 자문", "기술 지식", "채용", "산업단지"],
    Role.UNIVERSITY: ["기업 찾기", "한계기술 자문", "기술 지식", "채용", "산업단지"],
    Role.OPERATOR: [
        "기업 찾기",
        "견적 요청",
        "한계기술 자문",
        "기술 지식",
        "채용",
        "산업단지",
        "공장 자료 가져오기",
        "운영 관리",
    ],
}


@pytest.mark.parametrize("role", list(MENUS), ids=lambda role: role or "anonymous")
def test_the_main_menu_follows_the_role(page, role):
    page.set_viewport_size(DESKTOP)
    if role:
        UserFactory(username=f"as-{role}", role=role)
        log_in(page, f"as-{role}")
    page.goto("/knowledge/")
    expect(page.get_by_test_id("main-nav").locator(".gnb-menu > li")).to_have_text(MENUS[role])
    expect(page.get_by_test_id("main-nav").locator('[aria-current="page"]')).to_have_text("기술 지식")
    for label in MENUS[role]:  # every item leads to a page this role may open
        href = (
            page.get_by_test_id("main-nav").get_by_role("link", name=label, exact=True).get_attribute("href")
        )
        if label == "운영 관리":
            continue  # Django's admin, checked by its own tests
        response = page.request.get(href)
        assert response.status == 200, (label, response.status)


def test_on_a_phone_the_first_company_is_above_the_fold_and_the_filters_open_with_the_button(page, supplier):
    add_companies(12)
    page.set_viewport_size(PHONE)
    page.goto("/companies/")
    first = page.get_by_test_id("company-row").first
    expect(first).to_be_visible()
    assert _box(first)["y"] + 40 < PHONE["height"], "the first company is below the fold"
    facet = page.locator('fieldset[data-facet="technology"]')
    expect(facet).to_be_hidden()
    assert _box(page.get_by_test_id("filter-button"))["y"] < _box(first)["y"]

    page.get_by_test_id("filter-button").click()
    expect(facet).to_be_visible()
    # Ticking a facet refreshes the results in place; the panel stays open for the next tick.
    facet.locator('input[value="casting"]').check()
    expect(page.get_by_test_id("result-total")).to_contain_text("13")
    assert "technology=casting" in page.url
    expect(facet).to_be_visible()
    page.get_by_test_id("filter-button").click()
    expect(facet).to_be_hidden()

    # The header folded behind 메뉴: the main menu is hidden until the button opens it.
    expect(page.get_by_test_id("main-nav")).to_be_hidden()
    page.get_by_test_id("phone-menu").locator("summary").click()
    expect(page.get_by_test_id("phone-menu").get_by_role("link", name="기술 지식")).to_be_visible()


def test_on_a_phone_without_javascript_the_filters_still_fold_and_open(browser, live_server, supplier):
    add_companies(12)
    context = browser.new_context(
        locale="ko-KR", base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    try:
        page = context.new_page()
        page.goto("/companies/")
        first = page.get_by_test_id("company-row").first
        assert _box(first)["y"] + 40 < PHONE["height"]
        facet = page.locator('fieldset[data-facet="technology"]')
        expect(facet).to_be_hidden()
        page.get_by_test_id("filter-button").click()
        expect(facet).to_be_visible()
        page.get_by_test_id("phone-menu").locator("summary").click()
        expect(page.get_by_test_id("phone-menu").get_by_role("link", name="기술 지식")).to_be_visible()
    finally:
        context.close()


def test_on_a_wide_screen_the_facets_stand_open_beside_the_results(page, supplier):
    page.set_viewport_size(DESKTOP)
    page.goto("/companies/")
    expect(page.locator('fieldset[data-facet="technology"]')).to_be_visible()
    expect(page.get_by_test_id("filter-button")).to_be_hidden()
    facets, results = _box(page.locator(".facets")), _box(page.get_by_test_id("company-row").first)
    assert facets["x"] + facets["width"] <= results["x"]


def test_the_skip_link_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    assert _box(skip)["height"] > 20, "the focused skip link is not visible"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_accept_and_decline_look_different(page, supplier_admin, supplier, operator, experts):
    challenge = desk.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="SCM440 샤프트 담금질 균열",
        description="담금질 후 균열",
    )
    desk.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    desk.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    log_in(page, "expert-heat")
    page.goto(challenge.get_absolute_url())
    accept, decline = page.get_by_test_id("accept"), page.get_by_test_id("decline")
    background = "el => getComputedStyle(el).backgroundColor"
    accept_colour, decline_colour = accept.evaluate(background), decline.evaluate(background)
    assert accept_colour != decline_colour
    assert "rgba(0, 0, 0, 0)" not in (accept_colour, decline_colour), "a button without a fill"


def test_a_field_error_sits_under_its_field_tied_for_screen_readers(page, supplier_admin):
    log_in(page, "supplier-admin")
    page.goto("/accounts/tokens/")
    page.fill("#id_name", "900101-1234567")  # a resident registration number: refused, naming the field
    page.locator("main form.form button[type=submit]").click()
    field = page.locator("#id_name")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("900101-1234567")
    described = field.get_attribute("aria-describedby").split()
    error = page.locator("#id_name_error")
    assert "id_name_error" in described
    expect(error).to_be_visible()
    assert error.evaluate(
        "el => el.closest('.form-group') === document.getElementById('id_name').closest('.form-group')"
    )
    expect(field).to_be_focused()  # layout.js: the first invalid field, so its error is read out


def test_detail_pages_have_breadcrumbs(page, supplier):
    page.goto(f"/companies/{supplier.pk}/")
    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs.locator("li")).to_have_text(["홈", "기업 찾기", "세광주조(주)"])
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("세광주조(주)")


MAIN_PAGES = [
    "/",
    "/companies/",
    "/search/?q=다이캐스팅",
    "/knowledge/",
    "/complexes/namdong/",
    "/accounts/login/",
]
SIGNED_IN_PAGES = [
    "/sourcing/",
    "/sourcing/new/",
    "/challenges/",
    "/challenges/new/",
    "/notifications/",
    "/accounts/tokens/",
    "/imports/",
    "/my/companies/",
]


def _watch(page, live_server):
    """Console errors about the Content Security Policy, violations the page reports, and every
    request that leaves our own server."""
    seen = {"console": [], "violations": [], "outside": []}
    page.on("console", lambda message: message.type == "error" and seen["console"].append(message.text))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else seen["outside"].append(request.url)
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_load_our_own_css_and_scripts_with_no_csp_violation(
    page, live_server, supplier, operator, viewport
):
    page.set_viewport_size(viewport)
    MembershipFactory(
        organization=supplier, user=operator
    )  # an operator on a company's staff sees every page
    seen = _watch(page, live_server)
    log_in(page, "operator")
    for path in [
        *MAIN_PAGES,
        *SIGNED_IN_PAGES,
        f"/companies/{supplier.pk}/",
        f"/companies/{supplier.pk}/capabilities/new/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        sources = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(el => el.href || el.src)"
        )
        assert sources, path
        assert all(source.startswith(f"{live_server.url}/static/") for source in sources), (path, sources)
        assert page.evaluate("[...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"), path
        # KRDS's own rules apply (the vendored file loaded and parsed): a primary button is filled.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('#krds-skip-link')).position") == "fixed"
        )
        assert page.evaluate("window.__violations || []") == [], path
        page.locator("details.phone-menu > summary, details.user-menu > summary").filter(visible=True).click()
    assert not [text for text in seen["console"] if "Content Security Policy" in text], seen["console"]
    assert seen["outside"] == []
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"Pretendard GOV\"'))")
