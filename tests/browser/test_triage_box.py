"""The operator's view of a case in a real browser: the triage box names the technology, process,
material and defect in Korean with each reason once, and ticking two experts sends two offers."""

import re

import pytest
from playwright.sync_api import expect

from ppuri.challenges import services
from ppuri.challenges.models import Challenge, Offer
from tests.browser.conftest import log_in
from tests.desk_fixtures import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A slug of the reference data ("heat-treatment", "heat-treatment.through-hardening") or a field key.
INTERNAL = re.compile(
    r"\b[a-z]+(?:-[a-z]+)+\b|\b[a-z-]+\.[a-z-]+\b|\b(?:technology|process|material|defect)\b"
)


def test_the_triage_box_shows_names_and_two_ticked_experts_get_two_offers(
    open_page, supplier_admin, supplier, operator, experts, institutions
):
    # Four heat-treatment experts fit, so the page proposes more than two.
    for name in ("최뜨임", "정불림", "한풀림"):
        make_expert(
            name,
            institutions["kitech"],
            technologies=["heat-treatment"],
            processes=["heat-treatment.quench-temper", "heat-treatment.through-hardening"],
            keywords=["SCM440"],
        )
    case = services.challenge_create(
        actor=supplier_admin,
        company=supplier,
        title="SCM440 샤프트 유냉 담금질 균열",
        description="유냉 담금질 후 키홈에 균열이 생깁니다. 유냉 담금질 온도는 850℃입니다.",
    )

    desk = open_page()
    log_in(desk, "operator")
    desk.goto(f"/challenges/{case.pk}/")
    box = desk.get_by_test_id("suggestion")
    expect(box).to_contain_text("열처리")
    expect(box).to_contain_text("합금강")
    expect(box).to_contain_text("담금질 균열")
    expect(box.locator("tr[data-field=technology] td.confidence")).to_have_text("높음(95%)")
    text = box.inner_text()
    assert not INTERNAL.search(text), INTERNAL.search(text)
    # Each field's reasons, each once (a field may share a quote with another: 유냉 담금질 names both
    # the technology and the process).
    for field in ("technology", "process", "material", "defect"):
        said = box.locator(f"tr[data-field={field}] td.reasons").inner_text()
        reasons = [part.strip() for part in said.split(",")]
        assert "언급" in said and len(reasons) == len(set(reasons)), reasons
    expect(box.locator("tr[data-field=process] td.reasons")).to_have_text("‘유냉 담금질’ 3회 언급")

    desk.click("[data-testid=triage-submit]")
    proposals = desk.get_by_test_id("proposals")
    expect(proposals).to_contain_text("최뜨임")
    boxes = proposals.locator("input[type=checkbox][name=expert]")
    assert boxes.count() == 4
    for index in range(boxes.count()):
        expect(boxes.nth(index)).not_to_be_checked()
    # The two the operator ticks are the page's first two (the ones ticked in advance before), by
    # clicking their names as a person does.
    first, second = (proposals.locator("li").nth(i).locator("label").inner_text() for i in range(2))
    for name in (first, second):
        proposals.locator("label", has_text=name).click()
        expect(desk.get_by_label(name, exact=True)).to_be_checked()
    desk.click("[data-testid=offer-submit]")
    expect(desk.get_by_test_id("offers")).to_contain_text(first)
    expect(desk.get_by_test_id("offers")).to_contain_text(second)
    assert sorted(Offer.objects.values_list("expert__name", flat=True)) == sorted([first, second])
    assert Challenge.objects.get().status == Challenge.Status.OFFERED
