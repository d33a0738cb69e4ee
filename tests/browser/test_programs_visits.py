"""A company visit in a real browser (issue 17, "Done when" 2): an operator logs a visit to a welding
company with a hiring need, opens the follow-up it raised, routes it, and follows the link to the draft
job posting, which its page shows as a draft of that company."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.incentives.models import Program
from ppuri.programs.models import FollowUp, Visit
from ppuri.reference.models import Complex, Process
from ppuri.talent.models import JobPosting
from tests.browser.conftest import log_in
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 5, 20)


@pytest.fixture
def cast():
    UserFactory(username="bre-operator", role=Role.OPERATOR, is_staff=True)
    company = OrganizationFactory(name="남동용접기술(주)", products="구조물 용접", employees=24)
    SiteFactory(organization=company)
    CapabilityFactory(organization=company, process=Process.objects.get(slug="welding.mig-mag"))
    programme = Program.objects.create(
        name="인천 뿌리산업 청년 장려금",
        budget=1_600_000_000,
        headcount_cap=300,
        per_company_cap=3,
        per_root_company_cap=5,
        hire_from=date(2026, 1, 1),
        hire_to=date(2026, 12, 31),
        schedule=[{"month": 3, "amount": 1_000_000}],
    )
    programme.complexes.set(Complex.objects.filter(slug="namdong"))
    return company


def test_an_operator_follows_a_hiring_need_to_a_draft_posting(page, cast):
    company = cast
    with clock.fixed(TODAY):
        log_in(page, "bre-operator")

        # 1. The visit, from the company chosen in the address, with a hiring need.
        page.goto(f"/programs/visits/new/?organization={company.pk}")
        expect(page.get_by_test_id("visit-company")).to_contain_text("남동용접기술(주)")
        form = page.get_by_test_id("visit-form")
        form.locator("#id_visited_on").fill("2026-05-18")
        form.locator("#id_met").fill("생산부장")
        form.locator("#id_hiring_need").check()
        form.locator("#id_hiring_detail").fill("CO2 용접공 2명")
        form.locator("#id_notes").fill("숙련공 이직이 잦다고 함")
        form.locator("#id_summary_for_company").fill("용접공 채용 공고 작성을 돕기로 했습니다.")
        page.get_by_test_id("visit-submit").click()
        expect(page.get_by_test_id("visit-survey")).to_contain_text("CO2 용접공 2명")
        visit = Visit.objects.get()
        assert visit.organization == company
        hiring = visit.follow_ups.get()
        assert (hiring.kind, hiring.due_on) == (FollowUp.Kind.HIRING, date(2026, 6, 1))

        # 2. The follow-up, opened from the visit's page, routed.
        page.get_by_test_id("open-follow-up-hiring").click()
        expect(page.get_by_test_id("follow-up-status")).to_contain_text("진행 중")
        page.get_by_test_id("route").click()
        expect(page.get_by_test_id("follow-up-result")).to_contain_text("채용 공고 초안을 만들었습니다")
        expect(page.get_by_test_id("follow-up-result")).to_contain_text("기업 요건 충족")
        expect(page.get_by_test_id("route")).to_have_count(0)  # routed once

        # 3. The link leads to the draft posting of that company.
        page.get_by_test_id("follow-up-link").get_by_test_id("routed-posting").click()
        posting = JobPosting.objects.get()
        assert page.url.endswith(posting.get_absolute_url())
        expect(page.get_by_test_id("job-status")).to_have_text("작성 중")
        expect(page.locator("h1")).to_contain_text("CO2 용접공 2명")
        expect(page.locator("main")).to_contain_text("남동용접기술(주)")
        assert posting.status == JobPosting.Status.DRAFT and posting.company == company
