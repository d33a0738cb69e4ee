"""The retention purge: students who graduated or left more than PPURI_GRADUATE_RETENTION_DAYS ago lose
their name, invitation address, account link and interests' motivations; recent ones keep them; the
cohort and placement figures are the same after the purge, and a second run changes nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ppuri.graduate import selectors, services
from ppuri.graduate.models import Placement, ProjectInterest, Student
from ppuri.graduate.retention import DESTROYED_NAME, graduate_data_purge
from tests.graduate.conftest import TODAY, enrol, graduated

pytestmark = pytest.mark.django_db

RETENTION_DAYS = 365


@pytest.fixture
def students(settings, school, cohort_2025, cohort, nda_project, public_project, advisors, company):
    """Graduates and leavers on either side of the retention's end, one still studying, one request
    never confirmed, one invitation never taken up."""
    settings.PPURI_GRADUATE_RETENTION_DAYS = RETENTION_DAYS
    cutoff = TODAY - timedelta(days=RETENTION_DAYS)
    # Both graduates went through the whole flow: interest, match, reviews, graduation, placement.
    old = enrol(school, cohort_2025, "grad-old", name="오래된졸업생")
    old = graduated(school, old, nda_project, advisors["casting"], day=cutoff - timedelta(days=1))
    recent = enrol(school, cohort, "grad-recent", name="최근졸업생")
    recent = graduated(school, recent, public_project, advisors["heat"], day=cutoff + timedelta(days=200))
    for who in (old, recent):
        services.placement_record(
            actor=school, student=who, survey="graduation", outcome="employed",
            employer=company, hired_on=who.graduated_on,
        )  # fmt: skip
    left_long_ago = enrol(school, cohort_2025, "left-old", name="오래전자퇴")
    services.student_status_set(actor=school, student=left_long_ago, status="withdrawn", day=date(2025, 6, 1))
    left_recently = enrol(school, cohort, "left-recent", name="최근자퇴")
    services.student_status_set(actor=school, student=left_recently, status="withdrawn", day=date(2026, 9, 1))
    studying = enrol(school, cohort, "still-here", name="재학생")
    invited = services.student_enrol(actor=school, cohort=cohort, name="초대만", email="later@inha.example")
    return {
        "old": old,
        "recent": recent,
        "left_long_ago": left_long_ago,
        "left_recently": left_recently,
        "studying": studying,
        "invited": invited,
    }


def _fresh(student: Student) -> Student:
    return Student.objects.get(pk=student.pk)


def test_the_purge_blanks_those_gone_long_enough_and_keeps_the_others(students):
    old_user = students["old"].user
    assert ProjectInterest.objects.get(student=students["old"]).motivation

    done = graduate_data_purge()

    assert done.students == 2
    for key in ("old", "left_long_ago"):
        purged = _fresh(students[key])
        assert purged.name == DESTROYED_NAME and purged.user is None and purged.invited_email == ""
    assert ProjectInterest.objects.get(student=students["old"]).motivation == ""
    assert not Student.objects.filter(user=old_user).exists()
    for key in ("recent", "left_recently", "studying"):
        kept = _fresh(students[key])
        assert kept.name == students[key].name and kept.user == students[key].user
    assert _fresh(students["invited"]).invited_email == "later@inha.example"
    assert ProjectInterest.objects.get(student=students["recent"]).motivation
    # The rows stay, with their status and dates, for the statistics.
    old = _fresh(students["old"])
    assert old.status == "graduated" and old.graduated_on == students["old"].graduated_on
    assert Placement.objects.filter(student=old, outcome="employed").exists()


def test_the_figures_are_the_same_after_the_purge(students, school, city):
    cohorts_before = selectors.cohort_figures(school)
    placements_before = selectors.placement_figures(school)
    public_before = selectors.cohort_figures(city)

    graduate_data_purge()

    assert selectors.cohort_figures(school) == cohorts_before
    assert selectors.placement_figures(school) == placements_before
    assert selectors.cohort_figures(city) == public_before
    by_year = {f.year: f for f in cohorts_before}
    assert by_year[2025].graduated == 1 and by_year[2025].withdrawn == 1 and by_year[2025].placed == 1


def test_a_second_purge_changes_nothing(students):
    graduate_data_purge()
    rows = list(Student.objects.order_by("pk").values())
    assert graduate_data_purge().students == 0
    assert list(Student.objects.order_by("pk").values()) == rows


def test_the_day_of_the_cutoff_is_kept(settings, school, cohort_2025, nda_project, advisors):
    settings.PPURI_GRADUATE_RETENTION_DAYS = RETENTION_DAYS
    on_the_day = enrol(school, cohort_2025, "grad-edge", name="경계졸업생")
    graduated(
        school, on_the_day, nda_project, advisors["casting"], day=TODAY - timedelta(days=RETENTION_DAYS)
    )
    assert graduate_data_purge().students == 0
    assert _fresh(on_the_day).name == "경계졸업생"


def test_a_request_never_confirmed_goes_after_the_same_time(settings, cohort, seeker):
    settings.PPURI_GRADUATE_RETENTION_DAYS = 30
    request = services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=True)
    # Made just now: not past the retention; one made two months ago is.
    assert graduate_data_purge().students == 0
    asked = timezone.make_aware(datetime(2026, 10, 1, 9, 0))
    Student.objects.filter(pk=request.pk).update(created_at=asked)
    assert graduate_data_purge().students == 1
    assert _fresh(request).name == DESTROYED_NAME and _fresh(request).user is None


def test_the_command_runs_the_purge(students, capsys):
    call_command("purge_graduate_data")
    assert "2 students" in capsys.readouterr().out
    assert _fresh(students["old"]).name == DESTROYED_NAME
