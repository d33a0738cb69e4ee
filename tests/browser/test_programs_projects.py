"""The Namdong regeneration in real browsers: the city's programme officer opens the project's page,
reads the totals per phase and the execution rate, changes one budget line's executed amount with a
reason and finds the change in the history, the totals moved with it; an anonymous visitor reads the
same public totals but no budget line and no history."""

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.programs.models import BudgetChange
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.programs.projects_setup import EOK, build_namdong, line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def namdong():
    official = UserFactory(username="city-official", role=Role.CITY, display_name="인천시 뿌리산업팀 담당자")
    return build_namdong(official)


def test_an_official_corrects_an_executed_amount_and_the_public_sees_only_totals(open_page, namdong):
    url = namdong.get_absolute_url()
    target = line(namdong, "공영주차장 조성", "national", 2023)

    # 1. The official reads the totals per phase and the execution rate.
    official = open_page()
    log_in(official, "city-official")
    official.goto(url)
    expect(official.get_by_test_id("synthetic-banner")).to_contain_text("가상 자료")
    phases = official.get_by_test_id("budget-phases")
    expect(phases.get_by_test_id("phase-approved")).to_contain_text("4,500,000,000")
    expect(phases.get_by_test_id("phase-in_force")).to_contain_text("4,900,000,000")
    expect(phases.get_by_test_id("phase-contracted")).to_contain_text("3,000,000,000")
    expect(phases.get_by_test_id("phase-executed")).to_contain_text("2,350,000,000")
    expect(official.get_by_test_id("execution-rate")).to_have_text("48.0%")
    expect(official.get_by_test_id("variance")).to_contain_text("2,550,000,000")

    # 2. It corrects the executed amount of one line, with the reason.
    row = official.get_by_test_id(f"line-{target.pk}")
    expect(row.locator('[data-phase="executed"]')).to_have_text("600,000,000")
    row.get_by_text("금액 고치기").click()
    form = official.get_by_test_id(f"line-form-{target.pk}")
    form.get_by_label("집행액(원)").fill("700,000,000")
    form.get_by_label("변경 사유").fill("2차 기성금 지급 반영")
    form.locator("button[type=submit]").click()

    expect(official.get_by_test_id(f"line-{target.pk}").locator('[data-phase="executed"]')).to_have_text(
        "700,000,000"
    )
    change = BudgetChange.objects.get()
    history = official.get_by_test_id(f"change-{change.pk}")
    expect(history).to_contain_text("집행액")
    expect(history).to_contain_text("600,000,000")
    expect(history).to_contain_text("700,000,000")
    expect(history).to_contain_text("2차 기성금 지급 반영")
    expect(history).to_contain_text("인천시 뿌리산업팀 담당자")
    expect(official.get_by_test_id("phase-executed")).to_contain_text("2,450,000,000")
    expect(official.get_by_test_id("execution-rate")).to_have_text("50.0%")  # 24.5 / 49
    assert BudgetChange.objects.get().new_value == str(7 * EOK)

    # 3. A refused change stays on the page with its reason, nothing saved.
    official.get_by_test_id(f"line-{target.pk}").get_by_text("금액 고치기").click()
    form = official.get_by_test_id(f"line-form-{target.pk}")
    form.get_by_label("집행액(원)").fill("1,200,000,000")
    form.get_by_label("변경 사유").fill("오기")
    form.locator("button[type=submit]").click()
    expect(official.get_by_test_id(f"line-form-{target.pk}")).to_contain_text("예산현액")
    assert BudgetChange.objects.count() == 1

    # 4. An anonymous visitor reads the same totals, but no line and no history.
    visitor = open_page()
    visitor.goto(url)
    expect(visitor.get_by_test_id("phase-executed")).to_contain_text("2,450,000,000")
    expect(visitor.get_by_test_id("execution-rate")).to_have_text("50.0%")
    expect(visitor.get_by_test_id("by-subproject")).to_contain_text("공영주차장 조성")
    expect(visitor.get_by_test_id("by-source")).to_contain_text("한국산업단지공단")
    expect(visitor.get_by_test_id("budget-lines")).to_have_count(0)
    expect(visitor.get_by_test_id("changes")).to_have_count(0)
    expect(visitor.get_by_text("2차 기성금 지급 반영")).to_have_count(0)
