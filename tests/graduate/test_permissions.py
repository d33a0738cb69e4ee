"""Who sees what of the graduate school: an NDA project's problem, data and mentor stay hidden until the
NDA is accepted (selector, API, page); a company sees only the students of its own projects, sponsored
by it or interning with it; the city and the public read suppressed aggregates only."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from ppuri.graduate import selectors, services
from ppuri.graduate.models import NdaAcceptance, Project, Student
from tests.conftest import client_for
from tests.graduate.conftest import DATA_SHARED, PROBLEM, enrol, interested, matched, published

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/graduate/projects"


def _listed(client, project) -> dict:
    response = client.get(PROJECTS)
    assert response.status_code == 200, response.content
    rows = {row["id"]: row for row in response.json()}
    return rows[project.pk]


# --- the NDA gate ---------------------------------------------------------------------------------


def test_nda_details_are_hidden_from_a_student_until_they_accept(
    nda_project, student, company_member, school
):
    user = student.user
    assert selectors.details_visible(user, nda_project) is False

    services.nda_accept(actor=user, project=nda_project)

    assert selectors.details_visible(user, nda_project) is True
    acceptance = NdaAcceptance.objects.get(project=nda_project, user=user)
    assert acceptance.terms_version
    # The company and the school always see their project's details.
    assert selectors.details_visible(company_member, nda_project) is True
    assert selectors.details_visible(school, nda_project) is True


def test_nda_details_are_hidden_from_everyone_else(nda_project, rival_member, city, other_student):
    for user in (AnonymousUser(), rival_member, city, other_student.user):
        assert selectors.details_visible(user, nda_project) is False, user
    # Another student's acceptance opens nothing for them.
    services.nda_accept(actor=other_student.user, project=nda_project)
    assert selectors.details_visible(other_student.user, nda_project) is True
    assert selectors.details_visible(rival_member, nda_project) is False


def test_a_public_project_shows_its_details_to_whoever_sees_it(public_project, student):
    assert selectors.details_visible(student.user, public_project) is True
    row = _listed(client_for(student.user), public_project)
    assert row["details_visible"] is True
    assert row["problem"] == PROBLEM


def test_the_api_hides_nda_details_until_the_nda_is_accepted(nda_project, student):
    client = client_for(student.user)

    before = _listed(client, nda_project)
    assert before["details_visible"] is False
    assert before["problem"] == "" and before["data_shared"] == "" and before["mentor"] == ""
    assert before["summary"] == nda_project.summary  # the summary is for everyone who sees the project
    assert PROBLEM not in client.get(PROJECTS).content.decode()

    response = client.post(
        f"{PROJECTS}/{nda_project.pk}/interest",
        {"motivation": "기공 저감을 논문 주제로 하고 싶습니다.", "accept_nda": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content

    after = _listed(client, nda_project)
    assert after["details_visible"] is True
    assert after["problem"] == PROBLEM
    assert after["data_shared"] == DATA_SHARED
    assert after["mentor"] == "최멘토 생산기술팀장"


def test_the_page_hides_nda_details_until_the_nda_form_is_accepted(nda_project, student):
    client = client_for(student.user)
    url = f"/graduate/projects/{nda_project.pk}/"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert nda_project.summary in html
    assert PROBLEM not in html and DATA_SHARED not in html and "최멘토" not in html

    # Without the box ticked nothing is accepted.
    client.post(f"/graduate/projects/{nda_project.pk}/nda/", {})
    assert not NdaAcceptance.objects.exists()
    assert PROBLEM not in client.get(url).content.decode()

    response = client.post(f"/graduate/projects/{nda_project.pk}/nda/", {"accept": "on"})
    assert response.status_code == 302

    html = client.get(url).content.decode()
    assert PROBLEM in html and DATA_SHARED in html and "최멘토" in html


def test_a_company_reads_its_own_nda_project_on_the_page(nda_project, company_member, rival_member):
    url = f"/graduate/projects/{nda_project.pk}/"
    assert PROBLEM in client_for(company_member).get(url).content.decode()
    assert client_for(rival_member).get(url).status_code == 404


# --- the students a company sees ------------------------------------------------------------------


@pytest.fixture
def company_students(school, company, company_member, rival, rival_member, cohort, advisors):
    """Four students: matched to the company's project, sponsored by it, interning with it, and one
    who only showed interest in its project (and works on the rival's)."""
    project = published(school, company_member, company)
    rival_project = published(
        school, rival_member, rival, title="단조 금형 수명 연장", summary="열간 단조 금형의 수명 연장"
    )
    on_project = enrol(school, cohort, "stu-matched", name="가매칭")
    sponsored = enrol(school, cohort, "stu-sponsored", name="나후원", sponsor=company)
    intern = enrol(school, cohort, "stu-intern", name="다실습")
    services.internship_record(
        actor=school,
        student=intern,
        company=company,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 8, 31),
    )
    only_interested = enrol(school, cohort, "stu-interested", name="라관심")
    interested(only_interested, project)  # before the match: a matched project recruits no more
    matched(school, on_project, project, advisors["casting"])
    matched(school, only_interested, rival_project, advisors["heat"])
    return {
        "project": project,
        "rival_project": rival_project,
        "mine": [on_project, sponsored, intern],
        "other": only_interested,
    }


def test_a_company_sees_only_the_students_of_its_own_proposals(
    company_students, company_member, rival_member
):
    mine = {s.pk for s in company_students["mine"]}
    other = company_students["other"]

    assert set(selectors.students_visible_to(company_member).values_list("pk", flat=True)) == mine
    # The rival sees its own matched student and none of the company's.
    assert set(selectors.students_visible_to(rival_member).values_list("pk", flat=True)) == {other.pk}


def test_the_api_names_a_projects_students_to_its_company_only(
    company_students, company_member, rival_member, school, student
):
    project, rival_project = company_students["project"], company_students["rival_project"]

    own = client_for(company_member).get(PROJECTS).json()
    assert [row["id"] for row in own] == [project.pk]
    assert own[0]["students"] == ["가*칭"]

    rival_rows = client_for(rival_member).get(PROJECTS).json()
    assert [row["id"] for row in rival_rows] == [rival_project.pk]
    assert rival_rows[0]["students"] == ["라*심"]
    text = client_for(rival_member).get(PROJECTS, {"company_id": project.company_id}).content.decode()
    assert text == "[]"
    for name in ("가매칭", "나후원", "다실습", "가*칭"):
        assert name not in client_for(rival_member).get(PROJECTS).content.decode()

    # A student sees the matched projects but not who works on them; the school sees everyone.
    as_student = {row["id"]: row for row in client_for(student.user).get(PROJECTS).json()}
    assert as_student[project.pk]["students"] == []
    as_school = {row["id"]: row for row in client_for(school).get(PROJECTS).json()}
    assert as_school[project.pk]["students"] == ["가*칭"]


def test_the_student_page_is_for_the_company_of_the_student_only(
    company_students, company_member, rival_member, city, school
):
    mine, other = company_students["mine"], company_students["other"]
    company_client, rival_client = client_for(company_member), client_for(rival_member)
    city_client, school_client = client_for(city), client_for(school)

    for student in mine:
        url = f"/graduate/students/{student.pk}/"
        page = company_client.get(url)
        assert page.status_code == 200, student.name
        assert student.name in page.content.decode()
        assert rival_client.get(url).status_code == 404
        assert city_client.get(url).status_code == 404
        assert school_client.get(url).status_code == 200
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    # Interest alone does not open the student to the company.
    assert company_client.get(f"/graduate/students/{other.pk}/").status_code == 404
    assert rival_client.get(f"/graduate/students/{other.pk}/").status_code == 200


def test_a_student_sees_their_own_record_and_no_one_elses(company_students):
    on_project, sponsored, _intern = company_students["mine"]
    assert list(selectors.students_visible_to(on_project.user)) == [on_project]
    client = client_for(on_project.user)
    assert client.get(f"/graduate/students/{on_project.pk}/").status_code == 200
    assert client.get(f"/graduate/students/{sponsored.pk}/").status_code == 404


def test_the_advisor_sees_their_advisees(company_students, advisors):
    on_project = company_students["mine"][0]
    professor = advisors["casting"].user
    assert list(selectors.students_visible_to(professor)) == [on_project]
    assert client_for(professor).get(f"/graduate/students/{on_project.pk}/").status_code == 200


# --- the city and the public: aggregates only ------------------------------------------------------


@pytest.fixture
def small_school(school, cohort, cohort_2025):
    """Cohort 2026: three studying (a count to suppress); cohort 2025: six studying, none graduated."""
    for i in range(3):
        Student.objects.create(cohort=cohort, name=f"학생{i}", status=Student.Status.ENROLLED)
    for i in range(6):
        Student.objects.create(cohort=cohort_2025, name=f"선배{i}", status=Student.Status.THESIS)
    Student.objects.create(cohort=cohort_2025, name="대기", status=Student.Status.PENDING)
    return {2026: cohort, 2025: cohort_2025}


def test_cohort_counts_under_five_are_null_for_the_city_and_the_public(small_school, city, school):
    for client in (client_for(city), Client()):
        response = client.get("/api/v1/graduate/cohorts")
        assert response.status_code == 200
        rows = {row["year"]: row for row in response.json()}
        assert rows[2026]["enrolled"] is None and rows[2026]["studying"] is None
        assert rows[2026]["graduated"] == 0 and rows[2026]["withdrawn"] == 0  # zero is no one
        assert rows[2025]["enrolled"] == 6 and rows[2025]["studying"] == 6
        assert rows[2026]["target"] == 30

    exact = {row["year"]: row for row in client_for(school).get("/api/v1/graduate/cohorts").json()}
    assert exact[2026]["enrolled"] == 3 and exact[2026]["studying"] == 3
    assert exact[2025]["enrolled"] == 6


@pytest.fixture
def few_placements(school, student, other_student, nda_project, public_project, advisors, company):
    """Two graduates, both employed at the company at graduation."""
    from tests.graduate.conftest import graduated

    graduated(school, student, nda_project, advisors["casting"])
    graduated(school, other_student, public_project, advisors["heat"])
    for who in (student, other_student):
        services.placement_record(
            actor=school,
            student=who,
            survey="graduation",
            outcome="employed",
            employer=company,
            hired_on=date(2026, 11, 30),
        )


def test_placement_counts_under_five_are_null_for_the_city_and_the_public(few_placements, city, school):
    for client in (client_for(city), Client()):
        response = client.get("/api/v1/graduate/placements")
        assert response.status_code == 200
        body = response.json()
        assert body["exact"] is False and body["legend"]
        at_graduation = next(s for s in body["surveys"] if s["survey"] == "graduation")
        assert at_graduation["graduates"] is None
        assert at_graduation["employed"] is None and at_graduation["employed_registry"] is None
        assert at_graduation["seeking"] == 0
        assert body["projects"]["projects"] is None and body["projects"]["under_way"] is None
        assert body["projects"]["done"] == 0

    body = client_for(school).get("/api/v1/graduate/placements").json()
    assert body["exact"] is True
    at_graduation = next(s for s in body["surveys"] if s["survey"] == "graduation")
    assert at_graduation["graduates"] == 2 and at_graduation["answered"] == 2
    assert at_graduation["employed"] == 2 and at_graduation["employed_registry"] == 2
    assert body["projects"] == {"projects": 2, "companies": 1, "from_cases": 0, "under_way": 2, "done": 0}
    cohorts = {row["year"]: row for row in client_for(school).get("/api/v1/graduate/cohorts").json()}
    assert cohorts[2026]["graduated"] == 2 and cohorts[2026]["placed"] == 2
    city_cohorts = {row["year"]: row for row in client_for(city).get("/api/v1/graduate/cohorts").json()}
    assert city_cohorts[2026]["graduated"] is None and city_cohorts[2026]["placed"] is None


def test_the_city_sees_no_student_and_no_project(company_students, city):
    client = client_for(city)
    assert client.get(PROJECTS).json() == []
    assert not selectors.projects_visible_to(city).exists()
    assert not selectors.students_visible_to(city).exists()
    page = client.get("/graduate/projects/")
    assert page.status_code == 200
    assert company_students["project"].title not in page.content.decode()
    for student in [*company_students["mine"], company_students["other"]]:
        assert client.get(f"/graduate/students/{student.pk}/").status_code in (403, 404)
    assert client.get(f"/graduate/projects/{company_students['project'].pk}/").status_code == 404


def test_anonymous_visitors_see_no_project(nda_project):
    assert Client().get(PROJECTS).json() == []
    assert not selectors.projects_visible_to(AnonymousUser()).exists()
    assert Project.objects.filter(pk=nda_project.pk).exists()


def test_the_case_a_project_came_from_is_named_to_those_who_see_the_case(
    school, company, company_member, challenge, student
):
    from tests.graduate.conftest import propose

    project = propose(company_member, company, challenge=challenge)
    services.project_publish(actor=school, project=project)

    assert _listed(client_for(company_member), project)["challenge_id"] == challenge.pk
    # The desk case is confidential: a student reading the project does not learn which case it was.
    assert _listed(client_for(student.user), project)["challenge_id"] is None
