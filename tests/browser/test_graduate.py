"""The manufacturing-innovation graduate school in real browsers, one per person: a company turns its
limit-technology case into a thesis project behind an NDA; the school opens it to students; an
enrolled student accepts the NDA and shows interest; the school takes the suggested pair of student
and advisor, records the three reviews, the graduation and the placement at the company; the company
then follows the graduate's hire on its tenure page. The city reads only the suppressed aggregates."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.core import clock
from ppuri.graduate import services
from ppuri.graduate.models import AdvisorInstitution, Match, Placement, Project, Student
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization
from ppuri.tenure.models import Employment
from tests.browser.conftest import log_in
from tests.desk_fixtures import make_expert
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 12, 1)
PROBLEM = "알루미늄 다이캐스팅 하우징의 가스 기공 불량률 4.2%를 1% 이하로 낮추는 공정 조건을 찾아야 합니다."
REVIEWS = {"proposal": "2026-06-10", "midterm": "2026-09-15", "defense": "2026-11-20"}
GRADUATED_ON = "2026-11-27"
HIRED_ON = "2026-11-30"


@pytest.fixture
def cast():
    """The school's staff, the advisor institutions with an expert each, the die caster with its
    member, site and (public) desk case, the 2026 cohort with one enrolled student, and the city."""
    casting = Technology.objects.get(slug="casting")
    die_casting = Process.objects.get(slug="casting.die-casting")
    school = UserFactory(username="grad-school", role=Role.UNIVERSITY, email="school@inha.example")
    UserFactory(username="city-officer", role=Role.CITY, email="officer@incheon.example")
    inha = OrganizationFactory(name="인하대학교 제조혁신전문대학원", kind=Organization.Kind.UNIVERSITY)
    kitech = OrganizationFactory(
        name="한국생산기술연구원 뿌리산업기술연구소", kind=Organization.Kind.RESEARCH_INSTITUTE
    )
    AdvisorInstitution.objects.create(organization=inha)
    AdvisorInstitution.objects.create(organization=kitech)
    make_expert("정주조", inha, technologies=["casting"], processes=["casting.die-casting"])
    make_expert("한열처", kitech, technologies=["heat-treatment"], processes=["heat-treatment.quench-temper"])

    company = OrganizationFactory(name="인천정밀주조(주)", products="알루미늄 다이캐스팅 하우징")
    site = SiteFactory(organization=company, address="인천광역시 남동구 남동서로 150")
    member = MembershipFactory(organization=company, user__username="casting-admin").user
    challenge = desk.challenge_create(
        actor=member,
        company=company,
        title="다이캐스팅 하우징 가스 기공",
        description=PROBLEM,
        technology=casting,
        process=die_casting,
        confidentiality=Challenge.Confidentiality.PUBLIC,
    )

    with clock.fixed(TODAY):
        cohort = services.cohort_save(actor=school, year=2026, target=30, starts_on=date(2026, 3, 2))
        seeker = UserFactory(
            username="student-kim", role=Role.SEEKER, email="student-kim@inha.example", display_name="김다은"
        )
        student = services.student_enrol(
            actor=school,
            cohort=cohort,
            name="김다은",
            email=seeker.email,
            technology=casting,
            processes=[die_casting],
        )
    assert student.user == seeker and student.status == Student.Status.ENROLLED
    return {"company": company, "site": site, "challenge": challenge, "student": student}


def test_a_desk_case_becomes_a_thesis_project_and_its_graduate_a_hire_the_company_follows(open_page, cast):
    company, challenge, student = cast["company"], cast["challenge"], cast["student"]
    with clock.fixed(TODAY):
        # 1. The company member proposes the case as a project, from the case's page.
        member = open_page()
        log_in(member, "casting-admin")
        member.goto(challenge.get_absolute_url())
        member.get_by_test_id("propose-project").click()
        form = member.get_by_test_id("project-form")
        expect(form.locator("#id_title")).to_have_value("다이캐스팅 하우징 가스 기공")  # from the case
        expect(form.locator("#id_problem")).to_have_value(PROBLEM)
        expect(form.locator("#id_challenge")).to_have_value(str(challenge.pk))
        expect(form.locator("#id_technology")).to_have_value(str(challenge.technology_id))
        expect(form.locator("#id_processes")).to_have_values([str(challenge.process_id)])
        expect(form.locator("input[name=confidentiality][value=public]")).to_be_checked()  # a public case
        form.locator("#id_summary").fill("알루미늄 다이캐스팅 부품의 기공 불량을 줄이는 과제")
        form.locator("#id_data_shared").fill("최근 6개월 주조 조건 로그와 X-ray 검사 결과")
        form.locator("#id_mentor_name").fill("최멘토")
        form.locator("#id_mentor_title").fill("생산기술팀장")
        form.locator("input[name=confidentiality][value=nda]").check()
        form.locator("button[type=submit]").click()
        expect(member.get_by_test_id("project-status")).to_contain_text("제안됨")
        expect(member.get_by_test_id("project-status")).to_contain_text("비밀유지 동의 후 공개")
        project = Project.objects.get()
        assert project.challenge == challenge and project.company == company and project.under_nda
        url = project.get_absolute_url()

        # 2. The school opens it to students.
        school = open_page()
        log_in(school, "grad-school")
        school.goto(url)
        school.get_by_test_id("publish").click()
        expect(school.get_by_test_id("project-status")).to_contain_text("학생 모집")

        # 3. The student reads the summary only, accepts the NDA, then shows interest.
        learner = open_page()
        log_in(learner, "student-kim")
        learner.goto(url)
        expect(learner.get_by_test_id("nda-gate")).to_be_visible()
        expect(learner.get_by_test_id("summary")).to_contain_text("기공 불량을 줄이는 과제")
        assert PROBLEM not in learner.content()
        expect(learner.get_by_test_id("details")).to_have_count(0)
        expect(learner.get_by_test_id("interest-form")).to_have_count(0)  # not before the NDA
        nda = learner.get_by_test_id("nda-form")
        nda.locator("#id_accept").check()
        nda.locator("button[type=submit]").click()
        expect(learner.get_by_test_id("details")).to_contain_text(PROBLEM)
        expect(learner.get_by_test_id("details")).to_contain_text("최멘토")
        expect(learner.get_by_test_id("nda-gate")).to_have_count(0)
        interest = learner.get_by_test_id("interest-form")
        interest.locator("#id_motivation").fill("다이캐스팅 기공 저감을 석사 논문 주제로 연구하고 싶습니다.")
        interest.locator("button[type=submit]").click()
        expect(learner.get_by_test_id("my-interest")).to_contain_text("관심을 표명했습니다")

        # 4. The school sees the suggested pair with its reasons and takes it.
        school.goto(url)
        expect(school.get_by_test_id("interests")).to_contain_text("석사 논문 주제")
        suggestions = school.get_by_test_id("suggestions")
        first = suggestions.get_by_test_id("suggestion-1")
        expect(first).to_contain_text("김*은")  # a list masks the name
        expect(first).to_contain_text("정주조")  # the casting professor at Inha ranks first
        expect(first).to_contain_text("이 과제에 관심을 표명함")
        expect(first).to_contain_text("전공 분야가 과제의 뿌리기술")
        school.get_by_test_id("take-suggestion-1").click()
        expect(school.get_by_test_id("project-status")).to_contain_text("수행 중")
        match = Match.objects.get()
        assert "이 과제에 관심을 표명함" in match.reasons  # the suggestion's reasons kept with the match
        expect(school.get_by_test_id(f"match-{match.pk}")).to_contain_text("김다은")
        expect(school.get_by_test_id(f"match-{match.pk}")).to_contain_text("정주조")
        milestones = school.get_by_test_id(f"milestones-{match.pk}")
        for kind in REVIEWS:
            expect(milestones.get_by_test_id(f"milestone-{kind}")).to_have_attribute("data-state", "planned")

        # 5. The three reviews pass, in order; each form posts and the page comes back.
        for kind, day in REVIEWS.items():
            review = school.get_by_test_id(f"milestone-form-{kind}")
            review.locator("input[name$='-planned_on']").fill(day)
            review.locator("input[name$='-held_on']").fill(day)
            review.locator("select[name$='-state']").select_option("passed")
            review.locator("button[type=submit]").click()
            expect(school.get_by_test_id(f"milestone-{kind}")).to_have_attribute("data-state", "passed")
            expect(school.get_by_test_id(f"milestone-{kind}")).to_contain_text(day)
        student.refresh_from_db()
        assert student.status == Student.Status.THESIS  # the proposal review put them in the thesis stage

        # The student graduates; the placement at the company is recorded.
        school.get_by_test_id(f"match-{match.pk}").get_by_role("link", name="김다은").click()
        status = school.get_by_test_id("status-form")
        status.locator("#id_status").select_option("graduated")
        status.locator("#id_day").fill(GRADUATED_ON)
        status.locator("button[type=submit]").click()
        expect(school.get_by_test_id("student-status")).to_contain_text(f"졸업 · {GRADUATED_ON}")
        placement = school.get_by_test_id("placement-form")
        placement.locator("#id_survey").select_option("graduation")
        placement.locator("#id_outcome").select_option("employed")
        placement.locator("#id_employer_choice").select_option(str(company.pk))
        placement.locator("#id_site").select_option(str(cast["site"].pk))
        placement.locator("#id_role").fill("주조 공정 엔지니어")
        placement.locator("#id_hired_on").fill(HIRED_ON)
        placement.locator("button[type=submit]").click()
        row = school.get_by_test_id("placement-graduation")
        expect(row).to_contain_text("취업")
        expect(row).to_contain_text("인천정밀주조")
        expect(row).to_contain_text(HIRED_ON)
        employment = Placement.objects.get().employment
        assert employment is not None and employment.source == Employment.Source.GRADUATE

        # 6. The company follows the graduate's hire on its tenure page.
        member.goto("/tenure/")
        hire = member.get_by_test_id(f"employment-{employment.pk}")
        expect(hire).to_contain_text("인천정밀주조")
        expect(hire).to_contain_text(HIRED_ON)

        # The city reads the aggregates only, small counts suppressed, and no student's page.
        city = open_page()
        log_in(city, "city-officer")
        city.goto("/graduate/")
        cohort = city.get_by_test_id("cohort-2026")
        expect(cohort.get_by_test_id("enrolled")).to_have_text("5 미만")
        expect(cohort.get_by_role("link")).to_have_count(0)  # the cohort's page is the school's
        expect(city.locator("main")).not_to_contain_text("김다은")
        response = city.goto(student.get_absolute_url())
        assert response is not None and response.status == 404
        response = city.goto(url)
        assert response is not None and response.status == 404
