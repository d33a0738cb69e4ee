"""A hire in real browsers, one per account (issue 14, Done when 1): a welding company posts a job that
asks for 피복아크용접기능사; a seeker who holds it finds the job with its reasons and applies; the
company sees the applicant's contact only now, and moves the application to 채용 with a hire date."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.reference.models import Process, Qualification, Technology
from ppuri.talent.models import Application, JobPosting, SeekerProfile
from tests.browser.conftest import log_in
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def welding_company():
    company = OrganizationFactory(name="한빛용접(주)", products="플랜트 배관 용접")
    SiteFactory(organization=company, address="인천광역시 남동구 남동대로 215")
    MembershipFactory(organization=company, user__username="welder-admin")
    return company


def test_a_company_posts_a_welding_job_a_seeker_finds_it_and_applies_and_is_hired(open_page, welding_company):
    smaw = Qualification.objects.get(slug="smaw-craftsman")
    seeker = UserFactory(
        username="minjun", role=Role.SEEKER, email="minjun@mail.example", display_name="이민준"
    )

    # The company writes the posting and opens it.
    company = open_page()
    log_in(company, "welder-admin")
    company.goto("/jobs/mine/")
    company.get_by_test_id("new-job").click()
    company.fill("#id_title", "플랜트 배관 피복아크용접 기능공")
    company.fill("#id_description", "압력 배관 SMAW 용접, 주간 근무")
    company.select_option("#id_technology", str(Technology.objects.get(slug="welding").pk))
    company.select_option("#id_processes", str(Process.objects.get(slug="welding.arc").pk))
    company.get_by_test_id("job-form").locator(
        f"input[name=required_qualifications][value='{smaw.pk}']"
    ).check()
    company.select_option("#id_employment_type", "full_time")
    company.select_option("#id_shift", "day")
    company.fill("#id_wage_min", "2900000")
    company.fill("#id_wage_max", "3400000")
    company.select_option("#id_site", str(welding_company.sites.get().pk))
    company.check("#id_commuter_bus")
    company.get_by_test_id("save-job").click()
    expect(company.get_by_test_id("job-status")).to_have_text("작성 중")
    company.get_by_test_id("open-job").click()
    expect(company.get_by_test_id("job-status")).to_have_text("모집 중")
    job = JobPosting.objects.get()

    # The seeker writes a profile with the qualification (and its year), then finds the job.
    seeking = open_page()
    log_in(seeking, "minjun")
    seeking.goto("/jobs/me/")
    qualifications = seeking.get_by_test_id("qualifications")
    expect(qualifications).to_contain_text("피복아크용접기능사 (구 용접기능사")  # older names follow
    qualifications.locator(f"input[value='{smaw.pk}']").check()
    seeking.fill(f"#year-{smaw.pk}", "2024")
    seeking.select_option("#id_processes", str(Process.objects.get(slug="welding.arc").pk))
    seeking.fill("#id_experience_years", "2")
    seeking.fill("#id_desired_wage", "3000000")
    seeking.fill("#id_phone", "010-3141-5926")
    seeking.check("#id_consent")
    seeking.get_by_test_id("save-profile").click()
    expect(seeking.get_by_test_id("job-matches")).to_contain_text("플랜트 배관 피복아크용접 기능공")
    first = seeking.get_by_test_id("match-row").first
    expect(first).to_contain_text("필수 자격 보유: 피복아크용접기능사")
    expect(first).to_contain_text("경험 공정 일치")
    assert SeekerProfile.objects.get(user=seeker).held.get().acquired_year == 2024

    # Before any application the company sees no name and no contact (the seeker is not discoverable).
    company.goto(f"/jobs/{job.pk}/matches/")
    expect(company.get_by_test_id("seeker-matches")).not_to_contain_text("이민준")
    expect(company.get_by_test_id("seeker-matches")).not_to_contain_text("minjun@mail.example")

    # The seeker opens the job, reads the same reasons, and applies with the consent to share contact.
    first.locator("a.card-title").click()
    expect(seeking.get_by_test_id("match-reasons")).to_contain_text("필수 자격 보유: 피복아크용접기능사")
    seeking.get_by_test_id("apply-button").click()  # without the consent first
    expect(seeking.get_by_test_id("apply-form")).to_contain_text("동의해야 지원할 수 있습니다")
    assert not Application.objects.exists()
    seeking.fill("#id_message", "배관 용접 2년 했습니다.")
    seeking.check("#id_consent")
    seeking.get_by_test_id("apply-button").click()
    expect(seeking.get_by_test_id("application-stage")).to_have_text("접수")

    # Now the company sees the applicant with the contact, and moves the application to 채용.
    company.goto(f"/jobs/{job.pk}/")
    applicants = company.get_by_test_id("applicants")
    expect(applicants).to_contain_text("이*준")  # masked in the list
    applicants.get_by_test_id("applicant-link").click()
    expect(company.get_by_test_id("applicant-name")).to_have_text("이민준")
    expect(company.get_by_test_id("applicant-email")).to_have_text("minjun@mail.example")
    expect(company.get_by_test_id("applicant-phone")).to_have_text("010-3141-5926")
    company.select_option("#id_stage", "interview")
    company.get_by_test_id("move-stage").click()
    expect(company.get_by_test_id("application-stage")).to_have_text("면접")
    company.select_option("#id_stage", "hired")
    today = timezone.localdate()
    company.fill("#id_hired_on", today.isoformat())
    company.get_by_test_id("move-stage").click()
    expect(company.get_by_test_id("application-stage")).to_have_text("채용")
    expect(company.get_by_test_id("hired-on")).to_contain_text(today.isoformat())

    application = Application.objects.get()
    assert (application.stage, application.hired_on) == ("hired", today)
    # The seeker reads the same stage.
    seeking.reload()
    expect(seeking.get_by_test_id("application-stage")).to_have_text("채용")
    expect(seeking.get_by_test_id("events")).to_contain_text("면접")
