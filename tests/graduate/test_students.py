"""Cohorts and students through the services: the school opens cohorts and enrols students by e-mail
(a seeker account with the address is linked at once, an unknown address when it signs in), a seeker
asks to be recognised, and the school moves a student along enrolled → thesis → graduated / withdrawn.
Every bad input is a ValidationError naming the field (or a PermissionDenied for the wrong person) and
writes nothing."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ppuri.accounts.models import Role
from ppuri.core.models import Notification
from ppuri.graduate import services
from ppuri.graduate.models import Cohort, Student
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.graduate.conftest import enrol, matched, pass_review, tech

pytestmark = pytest.mark.django_db


def students_state() -> list[dict]:
    return list(Student.objects.order_by("pk").values())


# --- cohort_save ----------------------------------------------------------------------------------


def test_the_school_opens_a_cohort_and_changes_its_target(school):
    cohort = services.cohort_save(actor=school, year=2027, target=30, starts_on=date(2027, 3, 2))
    again = services.cohort_save(
        actor=school, year=2027, target=45, starts_on=date(2027, 3, 2), note="증원", cohort=cohort
    )

    assert again.pk == cohort.pk
    assert Cohort.objects.get().target == 45 and Cohort.objects.get().note == "증원"


def test_a_year_is_opened_once_and_kept(school):
    cohort = services.cohort_save(actor=school, year=2027, target=30, starts_on=date(2027, 3, 2))
    before = list(Cohort.objects.values())

    with pytest.raises(ValidationError) as twice:
        services.cohort_save(actor=school, year=2027, target=50, starts_on=date(2027, 3, 2))
    assert "year" in twice.value.message_dict
    with pytest.raises(ValidationError) as moved:
        services.cohort_save(actor=school, year=2028, target=30, starts_on=date(2028, 3, 2), cohort=cohort)
    assert "year" in moved.value.message_dict
    assert list(Cohort.objects.values()) == before


@pytest.mark.parametrize(
    ("year", "target", "starts_on", "field"),
    [
        (2019, 30, date(2019, 3, 4), "year"),
        (2101, 30, date(2101, 3, 1), "year"),
        (2027, 0, date(2027, 3, 2), "target"),
        (2027, 501, date(2027, 3, 2), "target"),
        (2027, -3, date(2027, 3, 2), "target"),
        (2027, 30, date(2026, 12, 1), "starts_on"),
    ],
)
def test_a_bad_cohort_is_refused(school, year, target, starts_on, field):
    with pytest.raises(ValidationError) as refused:
        services.cohort_save(actor=school, year=year, target=target, starts_on=starts_on)

    assert field in refused.value.message_dict
    assert not Cohort.objects.exists()


def test_only_the_school_opens_cohorts(company_member, city, seeker, operator):
    for actor in (company_member, city, seeker):
        with pytest.raises(PermissionDenied):
            services.cohort_save(actor=actor, year=2027, target=30, starts_on=date(2027, 3, 2))
    assert not Cohort.objects.exists()
    services.cohort_save(actor=operator, year=2027, target=30, starts_on=date(2027, 3, 2))  # operators may


# --- student_enrol --------------------------------------------------------------------------------


def test_an_existing_seeker_account_is_linked_at_enrolment(school, cohort, company, advisors):
    user = UserFactory(username="seeker-park", role=Role.SEEKER, email="Park@Inha.example")

    student = services.student_enrol(
        actor=school,
        cohort=cohort,
        name=" 박서준 ",
        email="park@inha.EXAMPLE",
        technology=tech("casting"),
        sponsor=company,
        advisor=advisors["casting"],
        expected_graduation=date(2028, 2, 25),
    )

    assert student.user == user and student.invited_email == ""
    assert student.status == "enrolled" and student.name == "박서준"
    assert student.sponsor == company and student.advisor == advisors["casting"]
    assert Notification.objects.filter(recipient=user, verb="graduate.student.enrolled").exists()


def test_an_unknown_address_is_invited_and_linked_when_it_signs_in(
    school, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        student = services.student_enrol(
            actor=school, cohort=cohort, name="최유진", email="yujin@inha.example"
        )

    assert student.user is None and student.invited_email == "yujin@inha.example"
    assert [m.to for m in mail.outbox] == [["yujin@inha.example"]]
    assert "/accounts/signup/" in mail.outbox[0].body

    # She signs up with the address (verified) and logs in through the login page.
    user = UserFactory(username="yujin", role=Role.SEEKER, email="YuJin@inha.example")
    response = Client().post("/accounts/login/", {"username": "yujin", "password": PASSWORD})
    assert response.status_code == 302, response.content

    student.refresh_from_db()
    assert student.user == user and student.invited_email == ""
    page = Client()
    page.force_login(user)
    assert page.get(f"/graduate/students/{student.pk}/").status_code == 200


def test_an_invitation_is_linked_only_to_a_verified_seeker(school, cohort):
    student = services.student_enrol(actor=school, cohort=cohort, name="최유진", email="yujin@inha.example")
    unverified = UserFactory(
        username="yujin", role=Role.SEEKER, email="yujin@inha.example", awaiting_email_verification=True
    )
    company_user = UserFactory(username="yujin-company", role=Role.COMPANY, email="yujin@inha.example")

    assert services.student_link_invitations(user=unverified) == 0
    assert services.student_link_invitations(user=company_user) == 0
    student.refresh_from_db()
    assert student.user is None and student.invited_email == "yujin@inha.example"

    unverified.awaiting_email_verification = False
    unverified.save()
    assert services.student_link_invitations(user=unverified) == 1
    assert services.student_link_invitations(user=unverified) == 0  # once
    student.refresh_from_db()
    assert student.user == unverified


def test_an_unverified_account_is_not_linked_at_enrolment(school, cohort):
    """Someone who signed up with a student's address but never proved it owns the address gets no
    record: it waits for the verified sign-in."""
    squatter = UserFactory(
        username="squatter", role=Role.SEEKER, email="yujin@inha.example", awaiting_email_verification=True
    )

    student = services.student_enrol(actor=school, cohort=cohort, name="최유진", email="yujin@inha.example")

    assert student.user is None and student.invited_email == "yujin@inha.example"
    assert not Notification.objects.filter(recipient=squatter).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a@b"}, "email"),
        ({"name": "   "}, "name"),
        ({"expected_graduation": date(2025, 2, 1)}, "expected_graduation"),
    ],
)
def test_bad_enrolment_input_is_refused(school, cohort, change, field):
    values = {"name": "최유진", "email": "yujin@inha.example", **change}
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(actor=school, cohort=cohort, **values)

    assert field in refused.value.message_dict
    assert not Student.objects.exists()
    assert not mail.outbox


def test_the_address_of_a_non_seeker_account_is_refused(school, cohort, company_member):
    company_member.email = "casting@company.example"
    company_member.save()
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(actor=school, cohort=cohort, name="최유진", email="CASTING@company.example")
    assert "email" in refused.value.message_dict
    assert not Student.objects.exists()


def test_a_student_is_enrolled_once_per_cohort(school, cohort, cohort_2025, student):
    before = students_state()
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(actor=school, cohort=cohort, name="김다은", email=student.user.email)
    assert "email" in refused.value.message_dict

    services.student_enrol(actor=school, cohort=cohort, name="최유진", email="yujin@inha.example")
    with pytest.raises(ValidationError) as again:
        services.student_enrol(actor=school, cohort=cohort, name="최유진", email="YUJIN@inha.example")
    assert "email" in again.value.message_dict
    assert len(students_state()) == len(before) + 1
    # Another cohort is another record.
    services.student_enrol(actor=school, cohort=cohort_2025, name="최유진", email="yujin@inha.example")


def test_the_advisor_must_be_of_an_advisor_institution(school, cohort, advisors):
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(
            actor=school,
            cohort=cohort,
            name="최유진",
            email="yujin@inha.example",
            advisor=advisors["outside"],
        )
    assert "advisor" in refused.value.message_dict
    assert not Student.objects.exists()


def test_the_sponsor_must_be_a_company(school, cohort, advisor_orgs):
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(
            actor=school,
            cohort=cohort,
            name="최유진",
            email="yujin@inha.example",
            sponsor=advisor_orgs["inha"],
        )
    assert "sponsor" in refused.value.message_dict
    assert not Student.objects.exists()


def test_only_the_school_enrols(cohort, company_member, seeker, city):
    for actor in (company_member, seeker, city):
        with pytest.raises(PermissionDenied):
            services.student_enrol(actor=actor, cohort=cohort, name="최유진", email="yujin@inha.example")
    assert not Student.objects.exists()


def test_a_resident_number_in_the_name_is_refused(school, cohort):
    with pytest.raises(ValidationError) as refused:
        services.student_enrol(
            actor=school, cohort=cohort, name="최유진 900101-1234567", email="y@inha.example"
        )
    assert "name" in refused.value.message_dict
    assert not Student.objects.exists()


# --- student_request ------------------------------------------------------------------------------


def test_a_seeker_asks_to_be_recognised_and_the_school_confirms(school, cohort, seeker):
    student = services.student_request(
        actor=seeker, cohort=cohort, name="정하늘", technology=tech("welding"), consent=True
    )

    assert student.status == "pending" and student.user == seeker
    assert student.consented_at is not None and student.consent_notice_version
    services.student_status_set(actor=school, student=student, status="enrolled")
    student.refresh_from_db()
    assert student.status == "enrolled"


def test_a_request_needs_consent_and_is_made_once(cohort, seeker):
    with pytest.raises(ValidationError) as refused:
        services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=False)
    assert "consent" in refused.value.message_dict
    assert not Student.objects.exists()

    services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=True)
    with pytest.raises(ValidationError) as again:
        services.student_request(actor=seeker, cohort=cohort, name="정하늘", consent=True)
    assert "cohort" in again.value.message_dict
    assert Student.objects.count() == 1


def test_a_request_needs_a_name_and_a_seeker(cohort, seeker, company_member):
    with pytest.raises(ValidationError) as refused:
        services.student_request(actor=seeker, cohort=cohort, name=" ", consent=True)
    assert "name" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.student_request(actor=company_member, cohort=cohort, name="정하늘", consent=True)
    assert not Student.objects.exists()


def test_an_enrolled_student_cannot_ask_again(cohort, student):
    with pytest.raises(ValidationError) as refused:
        services.student_request(actor=student.user, cohort=cohort, name="김다은", consent=True)
    assert "cohort" in refused.value.message_dict


# --- student_status_set ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("enrolled", "graduated"),
        ("enrolled", "pending"),
        ("enrolled", "enrolled"),
        ("pending", "thesis"),
        ("pending", "graduated"),
        ("thesis", "enrolled"),
        ("graduated", "enrolled"),
        ("graduated", "withdrawn"),
        ("withdrawn", "enrolled"),
        ("withdrawn", "thesis"),
        ("enrolled", "expelled"),
    ],
)
def test_an_illegal_transition_is_refused(school, cohort, start, to):
    student = Student.objects.create(
        cohort=cohort,
        name="학생",
        status=start,
        graduated_on=date(2026, 11, 1) if start == "graduated" else None,
        withdrawn_on=date(2026, 6, 1) if start == "withdrawn" else None,
    )
    before = students_state()

    with pytest.raises(ValidationError) as refused:
        services.student_status_set(actor=school, student=student, status=to, day=date(2026, 11, 30))

    assert "status" in refused.value.message_dict
    assert students_state() == before


def test_graduation_needs_a_passed_defense(school, student, nda_project, advisors):
    match = matched(school, student, nda_project, advisors["casting"])
    pass_review(school, match, "proposal", date(2026, 6, 10))
    student.refresh_from_db()
    assert student.status == "thesis"
    before = students_state()

    with pytest.raises(ValidationError) as refused:
        services.student_status_set(actor=school, student=student, status="graduated", day=date(2026, 11, 27))
    assert "status" in refused.value.message_dict
    assert students_state() == before

    pass_review(school, match, "midterm", date(2026, 9, 10))
    pass_review(school, match, "defense", date(2026, 11, 20))
    graduated = services.student_status_set(
        actor=school, student=student, status="graduated", day=date(2026, 11, 27)
    )
    assert graduated.status == "graduated" and graduated.graduated_on == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("day", "field"),
    [(None, "day"), (date(2026, 12, 2), "day"), (date(2026, 2, 27), "day")],
)
def test_a_withdrawal_needs_a_day_between_admission_and_today(school, student, day, field):
    before = students_state()
    with pytest.raises(ValidationError) as refused:
        services.student_status_set(actor=school, student=student, status="withdrawn", day=day)
    assert field in refused.value.message_dict
    assert students_state() == before

    services.student_status_set(actor=school, student=student, status="withdrawn", day=date(2026, 12, 1))
    student.refresh_from_db()
    assert student.status == "withdrawn" and student.withdrawn_on == date(2026, 12, 1)


def test_a_graduation_in_the_future_is_refused(school, student, nda_project, advisors):
    match = matched(school, student, nda_project, advisors["casting"])
    for kind in ("proposal", "midterm", "defense"):
        pass_review(school, match, kind, date(2026, 11, 20))
    with pytest.raises(ValidationError) as refused:
        services.student_status_set(actor=school, student=student, status="graduated", day=date(2027, 2, 25))
    assert "day" in refused.value.message_dict
    student.refresh_from_db()
    assert student.status == "thesis" and student.graduated_on is None


def test_only_the_school_moves_a_student(student, company_member, advisors):
    for actor in (company_member, student.user, advisors["casting"].user):
        with pytest.raises(PermissionDenied):
            services.student_status_set(
                actor=actor, student=student, status="withdrawn", day=date(2026, 11, 1)
            )
    student.refresh_from_db()
    assert student.status == "enrolled"


def test_a_seeker_enrolled_by_the_helper_is_a_student(school, cohort):
    """The conftest's helper goes through student_enrol and links the account (the other tests lean
    on it)."""
    student = enrol(school, cohort, "helper-check")
    assert student.user.username == "helper-check" and student.status == "enrolled"
