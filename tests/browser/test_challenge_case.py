"""A whole limit-technology case in real browsers, one per person: the company posts a problem, the
operator confirms the triage and offers it, the expert accepts, logs a consultation and reports the
result, the company rates it and consents, the operator publishes the anonymised case, and anyone
finds the article by search."""

import pytest
from playwright.sync_api import expect

from ppuri.challenges.models import Challenge
from ppuri.knowledge.models import Article
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def test_a_case_from_post_to_a_published_article_found_by_search(
    open_page, supplier_admin, supplier, operator, experts
):
    company = open_page()
    log_in(company, "supplier-admin")
    company.goto("/challenges/new/")
    company.fill("#id_title", "SCM440 샤프트 담금질 균열")
    company.fill("#id_description", "세광주조 2라인에서 SCM440 샤프트를 유냉한 뒤 키홈에 균열이 생깁니다.")
    company.set_input_files(
        "#id_attachments", {"name": "shaft.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    company.click("[data-testid=challenge-form] button[type=submit]")
    expect(company.get_by_test_id("challenge-title")).to_have_text("SCM440 샤프트 담금질 균열")
    url = company.url

    desk = open_page()
    log_in(desk, "operator")
    desk.goto(url)
    # The classifier's proposal fills the triage form; the operator confirms it.
    expect(desk.locator("#id_defect")).to_have_value("heat-treatment.quench-crack")
    desk.click("[data-testid=triage-submit]")
    expect(desk.get_by_test_id("proposals")).to_contain_text("김담금")
    desk.get_by_test_id("proposals").locator("label", has_text="김담금").click()  # none ticked in advance
    desk.click("[data-testid=offer-submit]")
    expect(desk.get_by_test_id("offers")).to_contain_text("김담금")

    expert = open_page()
    log_in(expert, "expert-heat")
    expert.goto(url)
    expert.click("[data-testid=accept]")
    expect(expert.get_by_test_id("consult")).to_be_visible()
    expert.select_option("[data-testid=consult] #id_mode", "visit")
    expert.fill("[data-testid=consult] #id_hours", "3")
    expert.fill("[data-testid=consult] #id_notes", "유온과 템퍼링 대기 시간 확인")
    expert.click("[data-testid=consult-submit]")
    expect(expert.get_by_test_id("consultations")).to_contain_text("템퍼링 대기 시간")
    expert.select_option("[data-testid=resolve] #id_outcome", "solved")
    expert.fill("[data-testid=resolve] #id_resolution", "담금질 직후 템퍼링, 유온 60℃ 관리로 균열이 사라짐")
    expert.select_option("[data-testid=resolve] #id_effect_metric", "defect_rate")
    expert.fill("[data-testid=resolve] #id_effect_before", "4.2")
    expert.fill("[data-testid=resolve] #id_effect_after", "0.3")
    expert.click("[data-testid=resolve-submit]")
    expect(expert.get_by_test_id("outcome")).to_contain_text("4.20")

    company.goto(url)
    company.select_option("[data-testid=rate] #id_rating", "5")
    company.check("[data-testid=rate] #id_publish_consent")
    company.click("[data-testid=rate-submit]")
    expect(company.locator("body")).to_contain_text("평가를 남기고 과제를 종료했습니다")
    assert Challenge.objects.get().status == Challenge.Status.CLOSED

    desk.goto(url)
    desk.click("[data-testid=publish]")
    # The draft has the company's name taken out; the operator gives it a title for readers.
    expect(desk.locator("#id_body")).not_to_contain_text("세광주조")
    desk.fill("#id_title", "SCM440 샤프트 담금질 균열 해결 사례")
    desk.click("[data-testid=publish-submit]")
    expect(desk.get_by_test_id("article")).to_contain_text("템퍼링")
    assert Article.objects.get().source_challenge == Challenge.objects.get()

    reader = open_page()  # anyone, signed out
    reader.goto("/search/?q=담금질 균열 사례")
    expect(reader.locator("main")).to_contain_text("SCM440 샤프트 담금질 균열 해결 사례")
