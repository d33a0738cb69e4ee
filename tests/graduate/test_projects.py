"""Company projects through the services, from the proposal to the result and the consent to publish a
case, and every bad input on the way: the wrong person is a PermissionDenied, bad values a
ValidationError (naming the field where there is one), and a refused write changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.graduate import services
from ppuri.graduate.models import Match, NdaAcceptance, Project, ProjectInterest, Student, ThesisMilestone
from tests.factories import MembershipFactory
from tests.graduate.conftest import (
    PROBLEM,
    enrol,
    interested,
    matched,
    pass_all_reviews,
    pass_review,
    project_input,
    propose,
    published,
)

pytestmark = pytest.mark.django_db


def state() -> tuple:
    """Every row a project write may touch."""
    return (
        list(Project.objects.order_by("pk").values()),
        list(NdaAcceptance.objects.order_by("pk").values()),
        list(ProjectInterest.objects.order_by("pk").values()),
        list(Match.objects.order_by("pk").values()),
        list(ThesisMilestone.objects.order_by("pk").values()),
        list(Student.objects.order_by("pk").values()),
    )


# --- project_propose ------------------------------------------------------------------------------


def test_a_company_proposes_a_project_from_its_own_case(company, company_member, challenge, school):
    project = propose(company_member, company, challenge=challenge, title="  기공 저감  ")

    assert project.status == "proposed" and project.challenge == challenge
    assert project.title == "기공 저감" and project.proposed_by == company_member
    assert list(project.processes.values_list("slug", flat=True)) == ["casting.die-casting"]
    assert school.notifications.filter(verb="graduate.project.proposed").exists()


def test_a_company_may_not_propose_for_another_company(company, rival_member, seeker, city, school):
    for actor in (rival_member, seeker, city, school):
        with pytest.raises(PermissionDenied):
            propose(actor, company)
    assert not Project.objects.exists()


def test_a_project_cannot_start_from_another_companys_case(company, company_member, rival, rival_member):
    rivals_case = desk.challenge_create(
        actor=rival_member,
        company=rival,
        title="단조 금형 균열",
        description="열간 단조 금형에 균열이 생깁니다.",
        confidentiality=Challenge.Confidentiality.PUBLIC,
    )
    with pytest.raises(ValidationError) as refused:
        propose(company_member, company, challenge=rivals_case)
    assert list(refused.value.message_dict) == ["challenge"]
    assert not Project.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "problem", "mentor_name"])
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_proposal_needs_its_fields(company, company_member, field, blank):
    with pytest.raises(ValidationError) as refused:
        propose(company_member, company, **{field: blank})
    assert field in refused.value.message_dict
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "field", ["title", "summary", "problem", "data_shared", "mentor_name", "mentor_title"]
)
@pytest.mark.parametrize("number", ["900101-1234567", "연락처: 김철수 850315 2345678"])
def test_a_resident_number_in_a_proposal_is_refused(company, company_member, field, number):
    with pytest.raises(ValidationError) as refused:
        propose(company_member, company, **{field: number})
    assert field in refused.value.message_dict
    assert not Project.objects.exists()


def test_the_problem_holding_a_resident_number_is_refused(company, company_member):
    with pytest.raises(ValidationError) as refused:
        propose(company_member, company, problem=f"{PROBLEM}\n담당 작업자 900101-1234567")
    assert "problem" in refused.value.message_dict
    assert "주민등록번호" in " ".join(refused.value.message_dict["problem"])
    assert not Project.objects.exists()


def test_bad_choices_and_lengths_are_refused(company, company_member, advisor_orgs):
    for change, field in (
        ({"confidentiality": "secret"}, "confidentiality"),
        ({"title": "가" * 201}, "title"),
        ({"summary": "가" * 301}, "summary"),
        ({"mentor_name": "가" * 101}, "mentor_name"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.project_propose(actor=company_member, data=project_input(company, **change))
        assert field in refused.value.message_dict, change
    # A member of an institution proposes in its name: only companies propose.
    MembershipFactory(organization=advisor_orgs["kitech"], user=company_member)
    with pytest.raises(ValidationError) as refused:
        propose(company_member, advisor_orgs["kitech"])
    assert "company" in refused.value.message_dict
    assert not Project.objects.exists()


# --- project_publish and project_withdraw ---------------------------------------------------------


def test_the_school_publishes_a_proposal_once(company, company_member, school):
    project = propose(company_member, company)
    with pytest.raises(PermissionDenied):
        services.project_publish(actor=company_member, project=project)

    services.project_publish(actor=school, project=project)
    project.refresh_from_db()
    assert project.status == "published" and project.published_at is not None
    before = state()

    with pytest.raises(ValidationError):
        services.project_publish(actor=school, project=project)
    assert state() == before


def test_a_withdrawn_or_matched_project_is_not_published_or_withdrawn(
    company, company_member, school, student, advisors, rival_member
):
    project = propose(company_member, company)
    with pytest.raises(PermissionDenied):
        services.project_withdraw(actor=rival_member, project=project)
    services.project_withdraw(actor=company_member, project=project)
    with pytest.raises(ValidationError):
        services.project_publish(actor=school, project=project)

    other = published(school, company_member, company)
    matched(school, student, other, advisors["casting"])
    with pytest.raises(ValidationError):
        services.project_withdraw(actor=company_member, project=other)
    assert Project.objects.get(pk=other.pk).status == "matched"


# --- nda_accept and interest_express --------------------------------------------------------------


def test_a_student_accepts_the_nda_and_shows_interest(nda_project, student, school):
    acceptance = services.nda_accept(actor=student.user, project=nda_project)
    again = services.nda_accept(actor=student.user, project=nda_project)
    assert again.pk == acceptance.pk and NdaAcceptance.objects.count() == 1

    interest = services.interest_express(actor=student.user, project=nda_project, motivation="  기공 연구  ")
    assert interest.student == student and interest.motivation == "기공 연구" and interest.status == "sent"
    assert school.notifications.filter(verb="graduate.interest.sent").exists()


def test_only_a_studying_student_accepts_an_nda_or_shows_interest(
    nda_project, company_member, seeker, school, city, cohort
):
    pending = services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=True)
    assert pending.status == "pending"
    for actor in (seeker, company_member, school, city):
        with pytest.raises(PermissionDenied):
            services.nda_accept(actor=actor, project=nda_project)
        with pytest.raises(PermissionDenied):
            services.interest_express(actor=actor, project=nda_project, motivation="관심 있습니다")
    assert not NdaAcceptance.objects.exists() and not ProjectInterest.objects.exists()


def test_a_withdrawn_student_is_no_longer_a_student(nda_project, student, school):
    services.student_status_set(actor=school, student=student, status="withdrawn", day=date(2026, 10, 1))
    with pytest.raises(PermissionDenied):
        services.nda_accept(actor=student.user, project=nda_project)


def test_a_project_not_recruiting_takes_no_nda_or_interest(company, company_member, student, school):
    proposed = propose(company_member, company)
    before = state()
    with pytest.raises(ValidationError):
        services.nda_accept(actor=student.user, project=proposed)
    with pytest.raises(ValidationError):
        services.interest_express(actor=student.user, project=proposed, motivation="관심 있습니다")
    # A stale copy that still says "published" does not get past it either.
    services.project_publish(actor=school, project=proposed)
    stale = Project.objects.get(pk=proposed.pk)
    services.project_withdraw(actor=company_member, project=proposed)
    with pytest.raises(ValidationError):
        services.interest_express(actor=student.user, project=stale, motivation="관심 있습니다")
    assert state()[1:] == before[1:]


def test_interest_in_an_nda_project_needs_the_nda_first(nda_project, student):
    with pytest.raises(ValidationError):
        services.interest_express(actor=student.user, project=nda_project, motivation="관심 있습니다")
    assert not ProjectInterest.objects.exists()


def test_a_public_project_needs_no_nda(public_project, student):
    with pytest.raises(ValidationError):
        services.nda_accept(actor=student.user, project=public_project)
    assert not NdaAcceptance.objects.exists()
    services.interest_express(actor=student.user, project=public_project, motivation="로봇 용접 경로")


@pytest.mark.parametrize("motivation", ["", "   ", "\n", "가" * 1001, "가" * 5000])
def test_a_motivation_is_between_one_and_a_thousand_characters(public_project, student, motivation):
    with pytest.raises(ValidationError) as refused:
        services.interest_express(actor=student.user, project=public_project, motivation=motivation)
    assert "motivation" in refused.value.message_dict
    assert not ProjectInterest.objects.exists()


def test_a_thousand_characters_are_enough(public_project, student):
    interest = services.interest_express(actor=student.user, project=public_project, motivation="가" * 1000)
    assert len(interest.motivation) == 1000


def test_interest_is_shown_once_and_again_after_a_withdrawal(public_project, student):
    interest = services.interest_express(actor=student.user, project=public_project, motivation="처음")
    with pytest.raises(ValidationError):
        services.interest_express(actor=student.user, project=public_project, motivation="두 번째")
    assert ProjectInterest.objects.get().motivation == "처음"

    services.interest_withdraw(actor=student.user, interest=interest)
    with pytest.raises(ValidationError):
        services.interest_withdraw(actor=student.user, interest=interest)
    again = services.interest_express(actor=student.user, project=public_project, motivation="다시")
    assert again.pk == interest.pk and again.status == "sent" and again.motivation == "다시"


def test_a_resident_number_in_a_motivation_is_refused(public_project, student):
    with pytest.raises(ValidationError):
        services.interest_express(actor=student.user, project=public_project, motivation="900101-1234567")
    assert not ProjectInterest.objects.exists()


# --- match_create ---------------------------------------------------------------------------------


def test_the_school_matches_student_project_and_advisor(
    school, student, nda_project, advisors, company_member
):
    match = matched(school, student, nda_project, advisors["heat"])

    assert match.decided_by == school
    assert sorted(match.milestones.values_list("kind", flat=True)) == ["defense", "midterm", "proposal"]
    assert set(match.milestones.values_list("state", flat=True)) == {"planned"}
    student.refresh_from_db()
    nda_project.refresh_from_db()
    assert student.advisor == advisors["heat"] and nda_project.status == "matched"
    assert company_member.notifications.filter(verb="graduate.match.created").exists()
    assert student.user.notifications.filter(verb="graduate.match.created").exists()


def test_only_the_school_matches(student, nda_project, advisors, company_member):
    interested(student, nda_project)
    before = state()
    for actor in (company_member, student.user, advisors["casting"].user):
        with pytest.raises(PermissionDenied):
            services.match_create(
                actor=actor, project=nda_project, student=student, advisor=advisors["casting"]
            )
    assert state() == before


@pytest.mark.parametrize(("status", "day"), [("withdrawn", date(2026, 10, 1)), ("pending", None)])
def test_a_student_not_studying_is_not_matched(school, cohort, seeker, nda_project, advisors, status, day):
    if status == "pending":
        student = services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=True)
    else:
        student = enrol(school, cohort, "stu-gone")
        services.student_status_set(actor=school, student=student, status=status, day=day)
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.match_create(actor=school, project=nda_project, student=student, advisor=advisors["casting"])
    assert "student" in refused.value.message_dict
    assert state() == before


def test_a_student_on_another_project_is_not_matched_again(
    school, student, nda_project, public_project, advisors
):
    matched(school, student, nda_project, advisors["casting"])
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.match_create(
            actor=school, project=public_project, student=student, advisor=advisors["casting"]
        )
    assert "student" in refused.value.message_dict
    assert state() == before
    # Nor on the same one twice.
    with pytest.raises(ValidationError) as twice:
        services.match_create(actor=school, project=nda_project, student=student, advisor=advisors["casting"])
    assert "student" in twice.value.message_dict
    assert state() == before


def test_a_second_student_may_join_a_matched_project(
    school, student, other_student, public_project, advisors
):
    interested(other_student, public_project)
    matched(school, student, public_project, advisors["casting"])
    services.match_create(
        actor=school, project=public_project, student=other_student, advisor=advisors["heat"]
    )
    assert Match.objects.filter(project=public_project).count() == 2


def test_the_advisor_must_be_of_an_advisor_institution(school, student, nda_project, advisors):
    interested(student, nda_project)
    before = state()
    for advisor in (advisors["outside"], None):
        with pytest.raises(ValidationError) as refused:
            services.match_create(actor=school, project=nda_project, student=student, advisor=advisor)
        assert "advisor" in refused.value.message_dict
    assert state() == before


def test_an_advisor_with_a_conflict_with_the_company_is_refused(
    school, student, nda_project, advisors, company
):
    advisors["casting"].conflicts.add(company)
    interested(student, nda_project)
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.match_create(actor=school, project=nda_project, student=student, advisor=advisors["casting"])
    assert "advisor" in refused.value.message_dict
    assert state() == before


def test_a_project_not_recruiting_is_not_matched(school, student, company, company_member, advisors):
    proposed = propose(company_member, company)
    with pytest.raises(ValidationError) as refused:
        services.match_create(actor=school, project=proposed, student=student, advisor=advisors["casting"])
    assert "project" in refused.value.message_dict
    assert not Match.objects.exists()


# --- milestone_update -----------------------------------------------------------------------------


@pytest.fixture
def match(school, student, nda_project, advisors):
    return matched(school, student, nda_project, advisors["casting"])


def _update(school, match, kind, **values):
    defaults = {"planned_on": date(2026, 6, 1), "held_on": date(2026, 6, 10), "state": "passed"}
    return services.milestone_update(
        actor=school, milestone=match.milestones.get(kind=kind), **{**defaults, **values}
    )


def test_a_review_passes_only_after_the_one_before_it(school, match):
    before = state()
    for kind in ("midterm", "defense"):
        with pytest.raises(ValidationError) as refused:
            _update(school, match, kind)
        assert "state" in refused.value.message_dict
    assert state() == before

    _update(school, match, "proposal")
    with pytest.raises(ValidationError):
        _update(school, match, "defense")
    _update(school, match, "midterm")
    _update(school, match, "defense")
    assert set(match.milestones.values_list("state", flat=True)) == {"passed"}


def test_a_result_needs_the_day_it_was_held(school, match):
    before = state()
    for result in ("passed", "revise"):
        with pytest.raises(ValidationError) as refused:
            _update(school, match, "proposal", held_on=None, state=result)
        assert "held_on" in refused.value.message_dict
    assert state() == before
    _update(school, match, "proposal", held_on=None, state="planned")  # a plan needs no day


def test_a_review_held_in_the_future_is_refused(school, match):
    before = state()
    with pytest.raises(ValidationError) as refused:
        _update(school, match, "proposal", held_on=date(2026, 12, 2))
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        _update(school, match, "proposal", state="failed")
    assert "state" in unknown.value.message_dict
    assert state() == before


def test_passing_the_proposal_review_puts_the_student_in_the_thesis_stage(school, match, student):
    _update(school, match, "proposal", state="revise")
    student.refresh_from_db()
    assert student.status == "enrolled"

    _update(school, match, "proposal")
    student.refresh_from_db()
    assert student.status == "thesis"


def test_only_the_school_records_reviews(match, student, company_member, advisors):
    for actor in (company_member, student.user, advisors["casting"].user):
        with pytest.raises(PermissionDenied):
            _update(actor, match, "proposal")
    assert set(match.milestones.values_list("state", flat=True)) == {"planned"}


# --- project_complete and project_publish_consent -------------------------------------------------


def test_a_project_is_complete_only_after_the_defense(school, match, nda_project):
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.project_complete(actor=school, project=nda_project, outcome="solved", result="기공률 0.8%")
    assert "outcome" in refused.value.message_dict
    assert state() == before

    # Two reviews passed, the defense still planned: not yet.
    pass_review(school, match, "proposal", date(2026, 6, 10))
    pass_review(school, match, "midterm", date(2026, 9, 10))
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.project_complete(actor=school, project=nda_project, outcome="solved", result="기공률 0.8%")
    assert "outcome" in refused.value.message_dict
    assert state() == before

    pass_review(school, match, "defense", date(2026, 11, 20))
    done = services.project_complete(
        actor=school, project=nda_project, outcome="solved", result=" 기공률 0.8% "
    )
    assert done.status == "done" and done.outcome == "solved" and done.result == "기공률 0.8%"
    assert done.completed_at is not None


def test_every_matched_student_must_pass_the_defense(
    school, student, other_student, public_project, advisors
):
    interested(other_student, public_project)
    first = matched(school, student, public_project, advisors["casting"])
    services.match_create(
        actor=school, project=public_project, student=other_student, advisor=advisors["heat"]
    )
    pass_all_reviews(school, first)
    with pytest.raises(ValidationError):
        services.project_complete(actor=school, project=public_project, outcome="partly", result="일부 개선")
    assert Project.objects.get(pk=public_project.pk).status == "matched"


def test_a_student_who_left_no_longer_holds_the_project_back(
    school, student, other_student, public_project, advisors, company_member
):
    interested(other_student, public_project)
    first = matched(school, student, public_project, advisors["casting"])
    second = services.match_create(
        actor=school, project=public_project, student=other_student, advisor=advisors["heat"]
    )
    pass_all_reviews(school, first)
    services.student_status_set(
        actor=school, student=other_student, status="withdrawn", day=date(2026, 11, 1)
    )
    done = services.project_complete(
        actor=school, project=public_project, outcome="partly", result="일부 개선"
    )
    assert done.status == "done"
    assert second.pk in Match.objects.filter(project=public_project).values_list("pk", flat=True)


def test_a_project_whose_students_all_left_is_withdrawn_not_completed(
    school, student, public_project, advisors, company_member
):
    matched(school, student, public_project, advisors["casting"])
    with pytest.raises(ValidationError):
        services.project_withdraw(actor=company_member, project=public_project)
    services.student_status_set(actor=school, student=student, status="withdrawn", day=date(2026, 11, 1))
    with pytest.raises(ValidationError) as refused:
        services.project_complete(actor=school, project=public_project, outcome="solved", result="끝")
    assert "철회" in " ".join(refused.value.messages)
    assert services.project_withdraw(actor=company_member, project=public_project).status == "withdrawn"


def test_a_result_needs_an_outcome_and_text(school, match, nda_project, company_member):
    pass_all_reviews(school, match)
    for outcome, result, field in (("great", "기공률 0.8%", "outcome"), ("solved", "  ", "result")):
        with pytest.raises(ValidationError) as refused:
            services.project_complete(actor=school, project=nda_project, outcome=outcome, result=result)
        assert field in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.project_complete(actor=company_member, project=nda_project, outcome="solved", result="끝")
    assert Project.objects.get(pk=nda_project.pk).status == "matched"


def test_a_published_project_without_a_match_is_not_complete(school, public_project):
    with pytest.raises(ValidationError):
        services.project_complete(actor=school, project=public_project, outcome="solved", result="끝")


def test_the_company_consents_to_publish_its_finished_case(
    school, match, nda_project, company_member, rival_member
):
    with pytest.raises(ValidationError):
        services.project_publish_consent(actor=company_member, project=nda_project, consent=True)
    pass_all_reviews(school, match)
    services.project_complete(actor=school, project=nda_project, outcome="solved", result="기공률 0.8%")

    for actor in (rival_member, school, match.student.user):
        with pytest.raises(PermissionDenied):
            services.project_publish_consent(actor=actor, project=nda_project, consent=True)
    assert Project.objects.get(pk=nda_project.pk).publish_consent is False

    services.project_publish_consent(actor=company_member, project=nda_project, consent=True)
    assert Project.objects.get(pk=nda_project.pk).publish_consent is True
    services.project_publish_consent(actor=company_member, project=nda_project, consent=False)
    assert Project.objects.get(pk=nda_project.pk).publish_consent is False
