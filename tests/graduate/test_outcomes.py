"""Internships and placement: bad input refused and nothing written; an employed placement at a company
of the registry starts exactly one tenure.Employment (source "graduate", the student's account as the
person), which the 15-month survey at the same employer keeps."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ppuri.graduate import services
from ppuri.graduate.models import Internship, Placement
from ppuri.tenure.models import Employment
from tests.graduate.conftest import graduated

pytestmark = pytest.mark.django_db


def state() -> tuple:
    return (
        list(Internship.objects.order_by("pk").values()),
        list(Placement.objects.order_by("pk").values()),
        list(Employment.objects.order_by("pk").values()),
    )


# --- internship_record ----------------------------------------------------------------------------


def test_the_school_records_an_internship(school, student, company, nda_project):
    internship = services.internship_record(
        actor=school,
        student=student,
        company=company,
        project=nda_project,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 8, 31),
    )
    assert internship.company == company and internship.project == nda_project


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_on": date(2026, 8, 1), "ends_on": date(2026, 7, 31)}, "ends_on"),
        ({"starts_on": date(2026, 1, 5), "ends_on": date(2026, 2, 27)}, "starts_on"),
    ],
)
def test_bad_internship_dates_are_refused(school, student, company, change, field):
    with pytest.raises(ValidationError) as refused:
        services.internship_record(actor=school, student=student, company=company, **change)
    assert field in refused.value.message_dict
    assert not Internship.objects.exists()


def test_an_internship_is_at_a_company(school, student, advisor_orgs, rival, nda_project):
    with pytest.raises(ValidationError) as refused:
        services.internship_record(
            actor=school,
            student=student,
            company=advisor_orgs["kitech"],
            starts_on=date(2026, 7, 1),
            ends_on=date(2026, 8, 31),
        )
    assert "company" in refused.value.message_dict
    # And a project named with it is that company's.
    with pytest.raises(ValidationError) as elsewhere:
        services.internship_record(
            actor=school,
            student=student,
            company=rival,
            project=nda_project,
            starts_on=date(2026, 7, 1),
            ends_on=date(2026, 8, 31),
        )
    assert "project" in elsewhere.value.message_dict
    assert not Internship.objects.exists()


def test_only_the_school_records_internships(student, company, company_member):
    for actor in (company_member, student.user):
        with pytest.raises(PermissionDenied):
            services.internship_record(
                actor=actor,
                student=student,
                company=company,
                starts_on=date(2026, 7, 1),
                ends_on=date(2026, 8, 31),
            )
    assert not Internship.objects.exists()


def test_a_withdrawn_student_gets_no_internship(school, student, company):
    services.student_status_set(actor=school, student=student, status="withdrawn", day=date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.internship_record(
            actor=school,
            student=student,
            company=company,
            starts_on=date(2026, 7, 1),
            ends_on=date(2026, 8, 31),
        )
    assert "student" in refused.value.message_dict


# --- placement_record -----------------------------------------------------------------------------


@pytest.fixture
def graduate(school, student, nda_project, advisors):
    return graduated(school, student, nda_project, advisors["casting"])


def _place(school, student, **values):
    return services.placement_record(actor=school, student=student, **values)


def test_a_placement_is_recorded_for_graduates_only(school, student, company):
    with pytest.raises(ValidationError) as refused:
        _place(
            school,
            student,
            survey="graduation",
            outcome="employed",
            employer=company,
            hired_on=date(2026, 11, 2),
        )
    assert "student" in refused.value.message_dict
    assert state() == ([], [], [])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "employed", "hired_on": date(2026, 11, 30)}, "employer"),
        ({"outcome": "employed", "employer_name": "   ", "hired_on": date(2026, 11, 30)}, "employer"),
        ({"outcome": "employed", "employer_name": "한빛금속"}, "hired_on"),
        ({"outcome": "employed", "employer_name": "한빛금속", "hired_on": date(2026, 12, 2)}, "hired_on"),
        ({"outcome": "seeking", "employer_name": "한빛금속"}, "outcome"),
        ({"outcome": "study", "hired_on": date(2026, 11, 30)}, "outcome"),
        ({"outcome": "retired"}, "outcome"),
        ({"survey": "10y", "outcome": "seeking"}, "survey"),
    ],
)
def test_bad_placement_input_is_refused(school, graduate, values, field):
    values = {"survey": "graduation", **values}
    with pytest.raises(ValidationError) as refused:
        _place(school, graduate, **values)
    assert field in refused.value.message_dict
    assert state() == ([], [], [])


def test_a_non_employed_placement_names_no_registry_employer(school, graduate, company):
    with pytest.raises(ValidationError) as refused:
        _place(school, graduate, survey="graduation", outcome="seeking", employer=company)
    assert "outcome" in refused.value.message_dict
    assert state() == ([], [], [])


def test_the_employer_is_a_company_and_the_site_its_own(school, graduate, advisor_orgs, rival, company):
    with pytest.raises(ValidationError) as refused:
        _place(
            school, graduate, survey="graduation", outcome="employed",
            employer=advisor_orgs["kitech"], hired_on=date(2026, 11, 30),
        )  # fmt: skip
    assert "employer" in refused.value.message_dict
    with pytest.raises(ValidationError) as elsewhere:
        _place(
            school, graduate, survey="graduation", outcome="employed",
            employer=company, site=rival.sites.get(), hired_on=date(2026, 11, 30),
        )  # fmt: skip
    assert "site" in elsewhere.value.message_dict
    assert state() == ([], [], [])


def test_only_the_school_records_placement(graduate, company, company_member):
    for actor in (company_member, graduate.user):
        with pytest.raises(PermissionDenied):
            _place(actor, graduate, survey="graduation", outcome="seeking")
    assert state() == ([], [], [])


def test_an_employed_placement_at_a_registry_company_starts_one_employment(school, graduate, company):
    site = company.sites.get()
    placement = _place(
        school, graduate, survey="graduation", outcome="employed",
        employer=company, site=site, role="공정기술", hired_on=date(2026, 11, 30),
    )  # fmt: skip

    employment = Employment.objects.get()
    assert employment.source == "graduate" == Employment.Source.GRADUATE
    assert employment.person == graduate.user
    assert employment.company == company and employment.site == site
    assert employment.hired_on == date(2026, 11, 30) and employment.complex == site.complex
    assert employment.technology == graduate.technology
    assert placement.employment == employment
    assert placement.root_industry is True and placement.complex == site.complex

    # The 15-month survey at the same employer is the same employment.
    later = _place(
        school, graduate, survey="15m", outcome="employed",
        employer=company, site=site, role="공정기술 선임", hired_on=date(2026, 11, 30),
    )  # fmt: skip
    assert Employment.objects.count() == 1
    assert later.employment == employment
    assert Placement.objects.count() == 2

    # Recording a survey again corrects it and keeps the one employment.
    _place(
        school, graduate, survey="graduation", outcome="employed",
        employer=company, role="공정기술(정정)", hired_on=date(2026, 11, 30),
    )  # fmt: skip
    assert Employment.objects.count() == 1 and Placement.objects.count() == 2
    assert Placement.objects.get(survey="graduation").role == "공정기술(정정)"


def test_an_employer_outside_the_registry_starts_no_employment(school, graduate):
    placement = _place(
        school, graduate, survey="graduation", outcome="employed",
        employer_name=" 한빛금속 ", hired_on=date(2026, 11, 30),
    )  # fmt: skip
    assert placement.employer is None and placement.employer_name == "한빛금속"
    assert placement.employment is None
    assert not Employment.objects.exists()


def test_a_separated_employment_is_not_reused(school, graduate, company, company_member):
    from ppuri.tenure.services import employment_separate

    first = _place(
        school, graduate, survey="graduation", outcome="employed", employer=company, hired_on=date(2026, 3, 2)
    )
    employment_separate(
        actor=company_member, employment=first.employment, separated_on=date(2026, 6, 30), reason="voluntary"
    )
    later = _place(
        school, graduate, survey="15m", outcome="employed", employer=company, hired_on=date(2026, 9, 1)
    )
    assert Employment.objects.count() == 2
    assert later.employment != first.employment and later.employment.hired_on == date(2026, 9, 1)


def test_a_corrected_placement_leaves_no_employment_behind(school, graduate, company, rival):
    """The school recorded the wrong employer and corrects it: the first company does not keep a hire
    (with the graduate's account) that never happened."""
    _place(
        school, graduate, survey="graduation", outcome="employed", employer=rival, hired_on=date(2026, 11, 30)
    )
    assert Employment.objects.get().company == rival

    _place(
        school,
        graduate,
        survey="graduation",
        outcome="employed",
        employer=company,
        hired_on=date(2026, 11, 30),
    )
    assert [e.company for e in Employment.objects.all()] == [company]

    _place(school, graduate, survey="graduation", outcome="seeking")
    assert not Employment.objects.exists()
    assert Placement.objects.get().employment is None


def test_a_correction_keeps_an_employment_the_other_survey_or_the_company_holds(
    school, graduate, company, rival, company_member
):
    from ppuri.tenure.services import milestone_confirm

    # The 15-month survey holds the employment the graduation answer started.
    _place(
        school, graduate, survey="graduation", outcome="employed", employer=company, hired_on=date(2026, 3, 2)
    )
    _place(school, graduate, survey="15m", outcome="employed", employer=company, hired_on=date(2026, 3, 2))
    kept = Employment.objects.get()
    _place(school, graduate, survey="graduation", outcome="seeking")
    assert list(Employment.objects.all()) == [kept]
    assert Placement.objects.get(survey="15m").employment == kept

    # The company confirmed the 100th day: its record stays though the school changes its answer.
    milestone_confirm(actor=company_member, employment=kept, milestone="100d")
    _place(school, graduate, survey="15m", outcome="employed", employer=rival, hired_on=date(2026, 9, 1))
    assert set(Employment.objects.values_list("company", flat=True)) == {company.pk, rival.pk}
