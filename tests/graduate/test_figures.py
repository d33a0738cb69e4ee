"""The cohort figures reconcile with the student rows: per cohort, enrolled = studying + graduated +
withdrawn, each equal to a count made independently from `Student` rows (a request the school has not
confirmed counts nowhere), placed = graduates whose latest survey (15 months over at graduation) says
employed, and the cohorts add up to every admitted student."""

import random
from datetime import date

import pytest

from ppuri.graduate import selectors, services
from ppuri.graduate.models import Cohort, Placement, Student
from tests.graduate.conftest import graduated

pytestmark = pytest.mark.django_db

STATUSES = ["pending", "enrolled", "thesis", "graduated", "withdrawn"]
# Each graduate's answers (at graduation, at 15 months), taken in turn; None: not answered.
ANSWERS = [
    ("employed", "employed"),
    ("employed", "seeking"),
    ("seeking", "employed"),
    (None, "employed"),
    ("employed", None),
    ("study", None),
    (None, None),
    ("other", "study"),
    ("employed", "other"),
]


def _independent(cohort: Cohort) -> dict[str, int]:
    """The cohort's counts from its rows, one student at a time."""
    counts = {"studying": 0, "graduated": 0, "withdrawn": 0, "pending": 0, "placed": 0}
    for student in Student.objects.filter(cohort=cohort).prefetch_related("placements"):
        if student.status in ("enrolled", "thesis"):
            counts["studying"] += 1
        else:
            counts[student.status] += 1
        if student.status == "graduated":
            answers = {p.survey: p.outcome for p in student.placements.all()}
            latest = answers.get("15m", answers.get("graduation"))
            counts["placed"] += latest == "employed"
    return counts


@pytest.fixture
def many_students(school, company, cohort_2025, cohort):
    """Three cohorts of students in every status, graduates with every mix of answers to the two
    surveys (statuses seeded, so the same rows every run)."""
    cohort_2024 = services.cohort_save(actor=school, year=2024, target=30, starts_on=date(2024, 3, 4))
    rng = random.Random(20261201)
    made = graduates = 0
    for year_cohort, people in ((cohort_2024, 23), (cohort_2025, 31), (cohort, 17)):
        for i in range(people):
            status = rng.choice(STATUSES)
            student = Student.objects.create(
                cohort=year_cohort,
                name=f"{year_cohort.year}-{i}",
                status=status,
                graduated_on=date(year_cohort.year + 2, 2, 20) if status == "graduated" else None,
                withdrawn_on=date(year_cohort.year, 9, 1) if status == "withdrawn" else None,
            )
            made += 1
            if status != "graduated":
                continue
            answers = ANSWERS[graduates % len(ANSWERS)]
            graduates += 1
            for survey, outcome in zip(("graduation", "15m"), answers, strict=True):
                if outcome is None:
                    continue
                employed = outcome == "employed"
                Placement.objects.create(
                    student=student,
                    survey=survey,
                    outcome=outcome,
                    employer=company if employed and graduates % 2 else None,
                    employer_name="비등록 기업" if employed and not graduates % 2 else "",
                    hired_on=date(year_cohort.year + 2, 3, 2) if employed else None,
                )
    return made


def test_cohort_figures_reconcile_with_the_student_rows(many_students, school):
    figures = {f.year: f for f in selectors.cohort_figures(school)}

    assert set(figures) == {2024, 2025, 2026}
    for cohort in Cohort.objects.all():
        f, counted = figures[cohort.year], _independent(cohort)
        assert f.exact is True
        assert f.enrolled == f.studying + f.graduated + f.withdrawn
        assert f.studying == counted["studying"]
        assert f.graduated == counted["graduated"]
        assert f.withdrawn == counted["withdrawn"]
        assert f.placed == counted["placed"]
        assert f.enrolled == Student.objects.filter(cohort=cohort).exclude(status="pending").count()
        assert f.target == cohort.target
    admitted = Student.objects.exclude(status="pending").count()
    assert sum(f.enrolled for f in figures.values()) == admitted
    # Every status came up, and a pending request counted nowhere.
    assert set(Student.objects.values_list("status", flat=True)) == set(STATUSES)
    assert admitted < many_students


def test_the_mix_of_answers_was_exercised(many_students):
    """The seeded rows hold graduates whose two answers disagree both ways, so `placed` was tested on
    the later survey winning over the earlier one."""
    graduates = Student.objects.filter(status="graduated").prefetch_related("placements")
    pairs = {
        tuple(sorted((p.survey, p.outcome) for p in s.placements.all()))
        for s in graduates
        if s.placements.count() == 2
    }
    later_employed = [p for p in pairs if ("15m", "employed") in p and ("graduation", "employed") not in p]
    earlier_employed = [p for p in pairs if ("graduation", "employed") in p and ("15m", "employed") not in p]
    assert later_employed and earlier_employed
    assert any(s.placements.count() == 0 for s in graduates)


def test_the_latest_survey_decides_placed(
    school, student, other_student, nda_project, public_project, advisors
):
    """Through the services: employed at graduation then seeking at 15 months is not placed; seeking at
    graduation then employed at 15 months is."""
    graduated(school, student, nda_project, advisors["casting"])
    graduated(school, other_student, public_project, advisors["heat"])
    services.placement_record(
        actor=school, student=student, survey="graduation", outcome="employed",
        employer_name="한빛금속", hired_on=date(2026, 11, 30),
    )  # fmt: skip
    services.placement_record(actor=school, student=other_student, survey="graduation", outcome="seeking")
    assert selectors.cohort_figures(school)[0].placed == 1

    services.placement_record(actor=school, student=student, survey="15m", outcome="seeking")
    services.placement_record(
        actor=school, student=other_student, survey="15m", outcome="employed",
        employer_name="한빛금속", hired_on=date(2026, 12, 1),
    )  # fmt: skip
    figures = selectors.cohort_figures(school)
    assert [(f.year, f.graduated, f.placed) for f in figures] == [(2026, 2, 1)]
    assert Student.objects.get(pk=other_student.pk).placements.get(survey="15m").outcome == "employed"


def test_the_placement_figures_reconcile_with_the_placement_rows(many_students, school):
    today = date(2026, 12, 1)
    for figure in selectors.placement_figures(school, today=today):
        rows = Placement.objects.filter(survey=figure.survey, student__status="graduated")
        assert figure.answered == rows.count()
        assert figure.employed == rows.filter(outcome="employed").count()
        assert figure.employed_registry == rows.filter(outcome="employed", employer__isnull=False).count()
        assert figure.study == rows.filter(outcome="study").count()
        assert figure.seeking == rows.filter(outcome="seeking").count()
        months = 15 if figure.survey == "15m" else 0
        from ppuri.core.clock import add_months

        due = [
            s.graduated_on
            for s in Student.objects.filter(status="graduated")
            if add_months(s.graduated_on, months) <= today
        ]
        assert figure.graduates == len(due)
