"""Suggested pairs: a student whose field is the project's technology ranks above one whose is not;
advisors at PPURI_GRADUATE_ADVISEES_MAX and advisors with a conflict with the company are left out;
each suggestion says why, and the school's match keeps the reasons of the pair it took."""

import pytest

from ppuri.graduate import matching, services
from ppuri.graduate.models import Student
from tests.desk_fixtures import make_expert
from tests.graduate.conftest import enrol, interested, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(settings, school, cohort, company, company_member, advisor_orgs, advisors):
    """A casting project; a casting student and a welding student, both interested; a free casting
    advisor, a full one, a conflicted one, a heat-treatment one and one outside the institutions."""
    settings.PPURI_GRADUATE_ADVISEES_MAX = 2
    project = published(school, company_member, company)
    fit = enrol(school, cohort, "stu-casting", name="주조학생", technology="casting")
    unfit = enrol(school, cohort, "stu-welding", name="용접학생", technology="welding")
    full = make_expert(
        "만석교수", advisor_orgs["inha"], technologies=["casting"], processes=["casting.die-casting"]
    )
    conflicted = make_expert(
        "이해교수", advisor_orgs["kitech"], technologies=["casting"], processes=["casting.die-casting"]
    )
    conflicted.conflicts.add(company)
    for i in range(2):  # two studying advisees: at the limit
        enrol(school, cohort, f"stu-advisee-{i}", advisor=full)
    # A graduate or a withdrawn advisee does not count towards the load.
    Student.objects.create(cohort=cohort, name="졸업생", status="withdrawn", advisor=advisors["casting"])
    for student in (fit, unfit):
        interested(student, project)
    return {"project": project, "fit": fit, "unfit": unfit, "full": full, "conflicted": conflicted}


def test_the_student_whose_field_is_the_projects_ranks_first(pool):
    found = matching.suggestions(pool["project"], limit=100)

    assert found
    assert found[0].student == pool["fit"]
    best = {}
    for s in found:
        best[s.student.pk] = max(best.get(s.student.pk, float("-inf")), s.score)
    assert best[pool["fit"].pk] > best[pool["unfit"].pk]
    # Sorted by score, best first.
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_full_conflicted_and_outside_advisors_are_left_out(pool, advisors):
    found = matching.suggestions(pool["project"], limit=100)
    offered = {s.advisor.pk for s in found}

    assert pool["full"].pk not in offered
    assert pool["conflicted"].pk not in offered
    assert advisors["outside"].pk not in offered
    assert advisors["casting"].pk in offered
    # The casting advisor is the first advisor for the casting student.
    assert found[0].advisor == advisors["casting"]


def test_an_advisor_below_the_limit_comes_back(pool, settings):
    settings.PPURI_GRADUATE_ADVISEES_MAX = 3
    offered = {s.advisor.pk for s in matching.suggestions(pool["project"], limit=100)}
    assert pool["full"].pk in offered
    assert pool["conflicted"].pk not in offered


def test_every_suggestion_gives_its_reasons(pool):
    found = matching.suggestions(pool["project"], limit=100)

    for suggestion in found:
        assert isinstance(suggestion.reasons, list) and suggestion.reasons
        assert all(isinstance(reason, str) and reason.strip() for reason in suggestion.reasons)
    top = found[0].reasons
    assert any("전공 분야" in reason for reason in top)  # the field matches the project's technology
    assert any("관심 공정" in reason for reason in top) is False  # the casting student follows no process
    unfit_reasons = next(s.reasons for s in found if s.student == pool["unfit"])
    assert not any("전공 분야" in reason for reason in unfit_reasons)


def test_only_interested_studying_students_free_of_another_project_are_suggested(
    pool, school, cohort, advisors
):
    bystander = enrol(school, cohort, "stu-bystander", technology="casting")
    students = {s.student.pk for s in matching.suggestions(pool["project"], limit=100)}
    assert bystander.pk not in students
    assert students == {pool["fit"].pk, pool["unfit"].pk}

    services.student_status_set(actor=school, student=pool["unfit"], status="withdrawn", day=cohort.starts_on)
    students = {s.student.pk for s in matching.suggestions(pool["project"], limit=100)}
    assert students == {pool["fit"].pk}


def test_the_match_keeps_the_reasons_of_the_suggested_pair(pool, school):
    top = matching.suggestions(pool["project"])[0]

    match = services.match_create(
        actor=school, project=pool["project"], student=top.student, advisor=top.advisor
    )

    match.refresh_from_db()
    assert match.reasons == top.reasons and match.reasons


def test_a_pair_chosen_by_hand_has_no_reasons(pool, school, advisor_orgs):
    by_hand = make_expert("수동교수", advisor_orgs["inha"], technologies=["welding"])
    Student.objects.create(cohort=pool["fit"].cohort, name="지도학생", status="thesis", advisor=by_hand)
    # The welding student's suggestions name the two best advisors, not this one.
    suggested = {
        s.advisor.pk for s in matching.suggestions(pool["project"], limit=100) if s.student == pool["unfit"]
    }
    assert by_hand.pk not in suggested

    match = services.match_create(
        actor=school, project=pool["project"], student=pool["unfit"], advisor=by_hand
    )
    assert match.reasons == []


def test_a_matched_student_is_no_longer_suggested(pool, school, advisors):
    services.match_create(
        actor=school, project=pool["project"], student=pool["fit"], advisor=advisors["casting"]
    )
    students = {s.student.pk for s in matching.suggestions(pool["project"], limit=100)}
    assert pool["fit"].pk not in students


def test_the_reasons_of_one_pair_read_only_that_student(
    school, student, other_student, public_project, advisors
):
    interested(student, public_project)
    interested(other_student, public_project)
    reasons = matching.suggestion_reasons(public_project, student=student, advisor=advisors["casting"])
    assert reasons and all(isinstance(r, str) for r in reasons)
    only = matching.suggestions(public_project, limit=100, student=student)
    assert {s.student.pk for s in only} == {student.pk}
