"""The graduate school's API writes: a proposal, a student's interest and the school's match, each
through its service; bad input is a 4xx (422 naming the field, 403 for the wrong role, 404 for what the
caller cannot see), never a 500, and writes nothing."""

import pytest
from django.test import Client

from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.graduate import services
from ppuri.graduate.models import Match, NdaAcceptance, Project, ProjectInterest
from tests.conftest import client_for
from tests.graduate.conftest import PROBLEM, enrol, interested, matched

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/graduate/projects"
MATCHES = "/api/v1/graduate/matches"


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def _body(company, **changes) -> dict:
    body = {
        "company_id": company.pk,
        "title": "다이캐스팅 기공 저감 공정 최적화",
        "summary": "알루미늄 다이캐스팅 부품의 기공 불량을 줄이는 과제",
        "problem": PROBLEM,
        "data_shared": "주조 조건 로그",
        "confidentiality": "nda",
        "technology": "casting",
        "processes": ["casting.die-casting"],
        "mentor_name": "최멘토",
        "mentor_title": "생산기술팀장",
    }
    body.update(changes)
    return body


def _rows() -> tuple:
    return (
        list(Project.objects.values()),
        list(ProjectInterest.objects.values()),
        list(NdaAcceptance.objects.values()),
        list(Match.objects.values()),
    )


# --- POST /graduate/projects ----------------------------------------------------------------------


def test_a_company_proposes_through_the_api(company, company_member, challenge):
    response = _post(client_for(company_member), PROJECTS, _body(company, challenge_id=challenge.pk))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "proposed" and body["challenge_id"] == challenge.pk
    assert body["details_visible"] is True and body["problem"] == PROBLEM
    assert body["processes"] == ["casting.die-casting"] and body["technology"] == "casting"
    assert Project.objects.get().proposed_by == company_member


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"summary": " "}, "summary"),
        ({"problem": ""}, "problem"),
        ({"mentor_name": ""}, "mentor_name"),
        ({"title": "가" * 201}, "title"),
        ({"problem": "담당자 주민번호 900101-1234567 입니다"}, "problem"),
        ({"problem": "９００１０１－１２３４５６７"}, "problem"),
        ({"confidentiality": "secret"}, "confidentiality"),
        ({"technology": "alchemy"}, "technology"),
        ({"processes": ["casting.die-casting", "nope"]}, "processes"),
        ({"company_id": "x"}, "company_id"),
        ({"company_id": None}, "company_id"),
        ({"challenge_id": -1}, "challenge_id"),
    ],
)
def test_a_bad_proposal_is_a_422(company, company_member, change, field):
    response = _post(client_for(company_member), PROJECTS, _body(company, **change))

    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not Project.objects.exists()


def test_a_proposal_missing_fields_or_not_json_is_a_422(company, company_member):
    client = client_for(company_member)
    body = _body(company)
    del body["problem"]
    assert _post(client, PROJECTS, body).status_code == 422
    assert _post(client, PROJECTS, {}).status_code == 422
    assert client.post(PROJECTS, "{not json", content_type="application/json").status_code in (400, 422)
    assert _post(client, PROJECTS, [1, 2]).status_code in (400, 422)
    assert not Project.objects.exists()


def test_a_proposal_for_a_company_one_does_not_belong_to_is_a_404(
    company, rival_member, seeker, school, city
):
    for user in (rival_member, seeker, school, city):
        response = _post(client_for(user), PROJECTS, _body(company))
        assert response.status_code in (403, 404), (user, response.content)
    assert _post(client_for(rival_member), PROJECTS, _body(company, company_id=999_999)).status_code == 404
    assert _post(Client(), PROJECTS, _body(company)).status_code == 401
    assert not Project.objects.exists()


def test_another_companys_case_is_a_404_or_a_422(company, company_member, rival, rival_member):
    confidential = desk.challenge_create(
        actor=rival_member, company=rival, title="단조 균열", description="열간 단조 금형 균열"
    )
    public = desk.challenge_create(
        actor=rival_member,
        company=rival,
        title="단조 금형 수명",
        description="열간 단조 금형의 수명을 늘리고 싶습니다.",
        confidentiality=Challenge.Confidentiality.PUBLIC,
    )
    client = client_for(company_member)

    assert _post(client, PROJECTS, _body(company, challenge_id=confidential.pk)).status_code == 404
    refused = _post(client, PROJECTS, _body(company, challenge_id=public.pk))
    assert refused.status_code == 422, refused.content
    assert "challenge" in refused.content.decode()
    assert not Project.objects.exists()


# --- POST /graduate/projects/{id}/interest --------------------------------------------------------


def _interest(project) -> str:
    return f"{PROJECTS}/{project.pk}/interest"


def test_a_student_shows_interest_through_the_api(nda_project, student):
    response = _post(
        client_for(student.user), _interest(nda_project), {"motivation": "기공", "accept_nda": True}
    )

    assert response.status_code == 201, response.content
    assert response.json()["project_id"] == nda_project.pk and response.json()["status"] == "sent"
    assert NdaAcceptance.objects.filter(user=student.user).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"motivation": ""}, "motivation"),
        ({"motivation": "   "}, "motivation"),
        ({"motivation": "가" * 1001, "accept_nda": True}, "motivation"),
        ({}, "motivation"),
        ({"motivation": 42}, "motivation"),
        ({"motivation": "관심", "accept_nda": "maybe"}, "accept_nda"),
    ],
)
def test_bad_interest_is_a_422(public_project, student, body, field):
    response = _post(client_for(student.user), _interest(public_project), body)

    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not ProjectInterest.objects.exists()


def test_interest_in_an_nda_project_without_the_nda_is_a_422(nda_project, student):
    before = _rows()
    response = _post(client_for(student.user), _interest(nda_project), {"motivation": "기공"})
    assert response.status_code == 422, response.content
    assert _rows() == before


def test_interest_twice_is_a_422(public_project, student):
    client = client_for(student.user)
    assert _post(client, _interest(public_project), {"motivation": "처음"}).status_code == 201
    before = _rows()
    assert _post(client, _interest(public_project), {"motivation": "다시"}).status_code == 422
    assert _rows() == before


def test_interest_from_someone_not_a_student_is_refused(nda_project, company_member, seeker, school, city):
    before = _rows()
    for user in (company_member, seeker, school, city):
        response = _post(client_for(user), _interest(nda_project), {"motivation": "관심", "accept_nda": True})
        assert response.status_code in (403, 404), (user, response.content)
    assert _post(Client(), _interest(nda_project), {"motivation": "관심"}).status_code == 401
    assert _rows() == before


def test_interest_in_a_project_not_recruiting_is_refused(company, company_member, student, school, advisors):
    from tests.graduate.conftest import propose

    client = client_for(student.user)
    proposed = propose(company_member, company)
    assert _post(client, _interest(proposed), {"motivation": "관심", "accept_nda": True}).status_code == 404
    assert _post(client, f"{PROJECTS}/999999/interest", {"motivation": "관심"}).status_code == 404
    assert _post(client, f"{PROJECTS}/0/interest", {"motivation": "관심"}).status_code in (404, 422)

    # Matched to someone else: the student still sees it, and is told it is no longer recruiting.
    services.project_publish(actor=school, project=proposed)
    other = enrol(school, student.cohort, "stu-first")
    matched(school, other, proposed, advisors["casting"])
    before = _rows()
    response = _post(client, _interest(proposed), {"motivation": "관심", "accept_nda": True})
    assert response.status_code == 422, response.content
    assert _rows() == before


# --- POST /graduate/matches -----------------------------------------------------------------------


def _match_body(project, student, advisor) -> dict:
    return {"project_id": project.pk, "student_id": student.pk, "advisor_id": advisor.pk}


def test_the_school_matches_through_the_api(school, student, nda_project, advisors):
    interested(student, nda_project)
    response = _post(client_for(school), MATCHES, _match_body(nda_project, student, advisors["casting"]))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["advisor_id"] == advisors["casting"].pk
    assert [m["kind"] for m in body["milestones"]] == ["proposal", "midterm", "defense"]
    assert body["reasons"] and all(isinstance(r, str) for r in body["reasons"])


def test_a_match_by_anyone_but_the_school_is_a_403(student, nda_project, advisors, company_member, city):
    interested(student, nda_project)
    before = _rows()
    for user in (company_member, city, student.user, advisors["casting"].user):
        response = _post(client_for(user), MATCHES, _match_body(nda_project, student, advisors["casting"]))
        assert response.status_code == 403, (user, response.content)
    assert _post(Client(), MATCHES, _match_body(nda_project, student, advisors["casting"])).status_code == 401
    assert _rows() == before


def test_a_bad_match_is_a_422_or_a_404(
    school, student, other_student, nda_project, public_project, advisors, company
):
    interested(student, nda_project)
    client = client_for(school)
    before = _rows()

    outside = _post(client, MATCHES, _match_body(nda_project, student, advisors["outside"]))
    assert outside.status_code == 422 and "advisor" in outside.content.decode()

    advisors["heat"].conflicts.add(company)
    conflicted = _post(client, MATCHES, _match_body(nda_project, student, advisors["heat"]))
    assert conflicted.status_code == 422 and "advisor" in conflicted.content.decode()

    good = _match_body(nda_project, student, advisors["casting"])
    for change, status in (
        ({"advisor_id": 999_999}, 404),
        ({"student_id": 999_999}, 404),
        ({"project_id": 999_999}, 404),
        ({"student_id": "x"}, 422),
        ({"advisor_id": None}, 422),
    ):
        response = _post(client, MATCHES, {**good, **change})
        assert response.status_code == status, (change, response.content)
    assert _post(client, MATCHES, {"project_id": nda_project.pk}).status_code == 422
    assert _rows() == before

    # A student already on another project.
    assert _post(client, MATCHES, _match_body(nda_project, student, advisors["casting"])).status_code == 201
    interested(other_student, public_project)
    busy = _post(client, MATCHES, _match_body(public_project, student, advisors["casting"]))
    assert busy.status_code == 422 and "student" in busy.content.decode()
    # A student no longer studying.
    services.student_status_set(
        actor=school, student=other_student, status="withdrawn", day=student.cohort.starts_on
    )
    gone = _post(client, MATCHES, _match_body(public_project, other_student, advisors["heat"]))
    assert gone.status_code == 422 and "student" in gone.content.decode()
    assert Match.objects.count() == 1


def test_the_suggestions_are_the_schools(school, student, nda_project, company_member):
    interested(student, nda_project)
    url = f"{PROJECTS}/{nda_project.pk}/suggestions"
    assert client_for(company_member).get(url).status_code == 403
    assert client_for(school).get(url).status_code == 200
    assert client_for(school).get(f"{PROJECTS}/999999/suggestions").status_code == 404
