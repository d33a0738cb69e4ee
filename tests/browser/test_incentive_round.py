"""The youth incentive in real browsers, one per person (issue 15, Done when 1): the operator sets up a
programme; a company applies for a hire and hands the consent link to the young person, who agrees;
the labor office approves; months pass (core.clock, which the live server in this process reads); the
first installment falls due, the company confirms employment with evidence, the labor office approves
and pays it; the person leaves; the next installment stops and the ledger shows the released amount."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.incentives.models import IncentiveApplication, Installment, Program
from tests.browser.conftest import log_in
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cast():
    company = OrganizationFactory(name="남동주물(주)", employees=30, products="회주철 주물")
    SiteFactory(organization=company, address="인천광역시 남동구 남동서로 150")
    MembershipFactory(organization=company, user__username="foundry-admin")
    UserFactory(username="itp-operator", role=Role.OPERATOR, is_staff=True)
    UserFactory(username="moel-reviewer", role=Role.LABOR_OFFICE)
    return company


def test_apply_approve_pay_then_a_separation_stops_the_rest(open_page, cast, tmp_path):
    evidence = tmp_path / "4대보험_가입확인.pdf"
    evidence.write_bytes(PDF)

    with clock.fixed(date(2026, 3, 20)):
        # The operator sets up the programme.
        operator = open_page()
        log_in(operator, "itp-operator")
        operator.goto("/incentives/new/")
        operator.fill("#id_name", "2026 뿌리산업 청년 경력형성 장려금")
        operator.fill("#id_budget", "1580000000")
        operator.fill("#id_headcount_cap", "300")
        operator.fill("#id_hire_from", "2026-01-01")
        operator.fill("#id_hire_to", "2026-12-31")
        operator.fill("#id_installments", "3:900000, 6:900000, 9:900000, 12:900000")
        operator.get_by_test_id("program-form").locator("button[type=submit]").click()
        expect(operator.get_by_test_id("schedule")).to_contain_text("900,000")
        program = Program.objects.get()

        # The company applies for the young welder it hired on 2 March.
        company = open_page()
        log_in(company, "foundry-admin")
        company.goto(f"/incentives/{program.pk}/")
        company.get_by_test_id("apply").click()
        company.fill("#id_person_name", "김하늘")
        company.fill("#id_birth_year_month", "1999-04")
        company.check("#id_incheon_resident")
        company.fill("#id_phone", "010-2345-6789")
        company.fill("#id_hire_date", "2026-03-02")
        company.select_option("#id_site", str(cast.sites.get().pk))
        company.select_option("#id_full_time", "1")
        company.fill("#id_wage", "2900000")
        company.get_by_test_id("submit-application").click()
        expect(company.locator("[data-rule=age][data-passed=yes]")).to_be_visible()
        link = company.get_by_test_id("consent-link").input_value()

        # The young person opens the link and agrees.
        person = open_page()
        person.goto(link)
        expect(person.get_by_test_id("consent-status")).to_have_text("본인 동의 대기")
        person.check("#agree")
        person.get_by_test_id("consent-submit").click()
        expect(person.get_by_test_id("consent-status")).to_have_text("심사 대기")
        application = IncentiveApplication.objects.get()

        # The labor office approves it from its queue.
        labor = open_page()
        log_in(labor, "moel-reviewer")
        labor.goto("/incentives/queue/")
        labor.get_by_test_id("queue").get_by_role("link").first.click()
        labor.get_by_test_id("approve").click()
        expect(labor.get_by_test_id("application-status")).to_have_text("승인")
        expect(labor.get_by_test_id("installment-4")).to_contain_text("2027-03-02")

    # Three months and more on: the first installment is due.
    with clock.fixed(date(2026, 6, 5)):
        company.goto(f"/incentives/applications/{application.pk}/")
        company.get_by_test_id("evidence-file-1").set_input_files(str(evidence))
        company.get_by_test_id("upload-1").click()
        company.get_by_test_id("confirm-1").click()
        expect(company.get_by_test_id("installment-1")).to_contain_text("재직 확인")
        expect(company.get_by_test_id("confirm-2")).to_have_count(0)  # not yet due

        labor.goto(f"/incentives/applications/{application.pk}/")
        labor.get_by_test_id("approve-1").click()
        labor.get_by_test_id("pay-1").click()
        expect(labor.get_by_test_id("installment-1")).to_contain_text("지급 완료")
        # The young person sees it on their link too.
        person.goto(link)
        expect(person.get_by_test_id("my-installments")).to_contain_text("지급 완료")

    # In August the person leaves, before the second installment's day (2 September).
    with clock.fixed(date(2026, 8, 20)):
        company.goto(f"/incentives/applications/{application.pk}/")
        company.locator("summary", has_text="퇴사 기록").click()
        company.fill("#id_date", "2026-08-14")
        company.select_option("#id_reason", "voluntary")
        company.get_by_test_id("record-separation").click()
        expect(company.get_by_test_id("separated")).to_contain_text("2026-08-14")
        for number in (2, 3, 4):
            expect(company.get_by_test_id(f"installment-{number}")).to_contain_text("지급 중단")

        labor.goto(f"/incentives/{program.pk}/")
        expect(labor.get_by_test_id("ledger-committed")).to_have_text("3,600,000")
        expect(labor.get_by_test_id("ledger-paid")).to_have_text("900,000")
        expect(labor.get_by_test_id("ledger-released")).to_have_text("2,700,000")
        expect(labor.get_by_test_id("ledger-outstanding")).to_have_text("0")
        expect(labor.get_by_test_id("ledger-remaining")).to_have_text("1,579,100,000")

    statuses = list(Installment.objects.order_by("number").values_list("status", flat=True))
    assert statuses == ["paid", "released", "released", "released"]
