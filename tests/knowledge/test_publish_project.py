"""A finished graduate-school project becomes an anonymised defect case the way a desk case does: only
solved or partly solved, only with the company's consent, once, never with the company's name."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.graduate import services as school
from ppuri.graduate.models import AdvisorInstitution, Cohort, Student
from ppuri.knowledge import services
from ppuri.knowledge.models import Article
from ppuri.reference.models import Technology
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)


@pytest.fixture
def done_project(supplier, supplier_admin, institutions, experts):
    AdvisorInstitution.objects.create(organization=institutions["kitech"])
    staff = UserFactory(username="school-staff", role=Role.UNIVERSITY)
    with clock.fixed(TODAY):
        cohort = Cohort.objects.create(year=2025, target=50, starts_on=date(2025, 3, 2))
        student = Student.objects.create(
            cohort=cohort,
            user=UserFactory(username="student-one", role=Role.SEEKER),
            name="김학생",
            status=Student.Status.ENROLLED,
            technology=Technology.objects.get(slug="surface-treatment"),
        )
        project = school.project_propose(
            actor=supplier_admin,
            data=school.ProjectInput(
                company=supplier,
                title="세광주조 도금 수소취성 저감",
                summary="아연도금 뒤 볼트 파단을 줄이는 베이킹 조건 연구",
                problem="세광주조(주)의 아연도금 볼트가 조립 뒤 파단됩니다.",
                mentor_name="최멘토",
                technology=Technology.objects.get(slug="surface-treatment"),
            ),
        )
        school.project_publish(actor=staff, project=project)
        school.interest_express(
            actor=student.user, project=project, motivation="도금 공정을 연구하고 싶습니다."
        )
        match = school.match_create(actor=staff, project=project, student=student, advisor=experts["plating"])
        for i, milestone in enumerate(match.milestones.order_by("id")):
            school.milestone_update(
                actor=staff,
                milestone=milestone,
                planned_on=None,
                held_on=TODAY - timedelta(days=30 - i),
                state="passed",
            )
        school.project_complete(
            actor=staff,
            project=project,
            outcome="solved",
            result="세광주조는 베이킹을 200℃ 4시간으로 바꿨습니다.",
        )
    project.refresh_from_db()
    return project


def test_a_finished_project_is_published_anonymised_with_consent_only(done_project, supplier_admin, operator):
    draft = services.project_case_draft(done_project)
    assert "세광주조" not in draft["title"] + draft["body"]
    assert "한 기업" in draft["body"]
    with pytest.raises(ValidationError, match="동의"):
        services.article_publish_from_project(actor=operator, project=done_project, **draft)
    school.project_publish_consent(actor=supplier_admin, project=done_project, consent=True)
    done_project.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.article_publish_from_project(actor=supplier_admin, project=done_project, **draft)
    with pytest.raises(ValidationError):
        services.article_publish_from_project(
            actor=operator, project=done_project, title="세광주조 사례", body=draft["body"]
        )
    article = services.article_publish_from_project(actor=operator, project=done_project, **draft)
    assert article.source_project == done_project
    assert article.kind == Article.Kind.DEFECT_CASE
    assert article.technology.slug == "surface-treatment"
    with pytest.raises(ValidationError, match="이미"):
        services.article_publish_from_project(actor=operator, project=done_project, **draft)
    assert Article.objects.filter(source_project=done_project).count() == 1


def test_the_publish_page_is_the_operators_and_refuses_without_consent(
    done_project, supplier_admin, operator
):
    url = f"/knowledge/publish/project/{done_project.pk}/"
    assert client_for(supplier_admin).get(url).status_code == 403
    page = client_for(operator).post(url, {"title": "사례", "body": "본문", "audience": "public"})
    assert page.status_code == 200
    assert "동의하지 않았습니다" in page.content.decode()
    assert not Article.objects.exists()
