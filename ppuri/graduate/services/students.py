"""Cohorts and students: the school opens cohorts and enrols students (by e-mail: an account with that
address is linked now, or when it signs in); a seeker asks to be recognised as a student and the
school confirms; the school moves a student through enrolled → thesis → graduated / withdrawn."""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.models import Role
from ppuri.accounts.roles import require_seeker
from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notice_mail_after_commit, notify
from ppuri.graduate import notice
from ppuri.graduate.models import Cohort, Student
from ppuri.graduate.selectors import advisors
from ppuri.graduate.services.common import require_school
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization


@transaction.atomic
def cohort_save(
    *, actor: Any, year: int, target: int, starts_on: date, note: str = "", cohort: Cohort | None = None
) -> Cohort:
    """Open a cohort (`cohort` None: its year must be new) or change a cohort's target, start or note
    (its year stays: the students' records hang on it)."""
    require_school(actor)
    errors: dict[str, str] = {}
    if not 2020 <= year <= 2100:
        errors["year"] = _("입학 연도는 2020년(개원)부터입니다.")
    elif cohort is None and Cohort.objects.filter(year=year).exists():
        errors["year"] = _("이미 있는 입학 연도입니다. 그 기수를 고쳐 주세요.")
    elif cohort is not None and cohort.year != year:
        errors["year"] = _("입학 연도는 바꿀 수 없습니다.")
    if not 1 <= target <= 500:
        errors["target"] = _("목표 인원은 1명에서 500명 사이여야 합니다.")
    if starts_on.year != year:
        errors["starts_on"] = _("입학일은 입학 연도 안의 날짜여야 합니다.")
    if errors:
        raise ValidationError(errors)
    if cohort is None:
        try:
            with transaction.atomic():
                cohort = Cohort.objects.create(year=year, target=target, starts_on=starts_on, note=note)
        except IntegrityError:  # opened at the same moment by someone else
            raise ValidationError({"year": _("이미 있는 입학 연도입니다. 그 기수를 고쳐 주세요.")}) from None
    else:
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        cohort.target, cohort.starts_on, cohort.note = target, starts_on, note
        cohort.save()
    activity_log(
        actor=actor,
        verb="graduate.cohort.saved",
        target=cohort,
        summary=lambda: (
            _("%(year)d학년도 기수를 저장했습니다(목표 %(target)d명).") % {"year": year, "target": target}
        ),
    )
    return cohort


def _clean_student_fields(
    *, technology: Technology | None, sponsor: Organization | None, advisor: Any, name: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("학생 이름을 입력해 주세요.")
    if sponsor is not None and sponsor.kind != Organization.Kind.COMPANY:
        errors["sponsor"] = _("후원 기업은 등록된 기업이어야 합니다.")
    if advisor is not None and not advisors().filter(pk=advisor.pk).exists():
        errors["advisor"] = _("지도교수는 지도교수 소속 기관(인하대·한국생산기술연구원)의 전문가여야 합니다.")
    return errors


@transaction.atomic
def student_enrol(
    *,
    actor: Any,
    cohort: Cohort,
    name: str,
    email: str,
    technology: Technology | None = None,
    processes: list[Process] | None = None,
    sponsor: Organization | None = None,
    advisor: Any = None,
    expected_graduation: date | None = None,
) -> Student:
    """The school enrols a student. An existing seeker account with the address is linked at once and
    told; otherwise the address is mailed a sign-up link and linked when it signs in."""
    require_school(actor)
    errors = _clean_student_fields(technology=technology, sponsor=sponsor, advisor=advisor, name=name)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("올바른 전자우편 주소를 입력해 주세요.")
    # Only an account that proved it owns the address: an unverified sign-up with a student's address
    # waits, like any other, for the verified sign-in (student_link_invitations).
    account = (
        get_user_model()
        .objects.filter(email__iexact=email, is_active=True, awaiting_email_verification=False)
        .first()
        if email
        else None
    )
    if account is not None and account.role != Role.SEEKER:
        errors["email"] = _("구직자·학생 계정이 아닌 계정의 주소입니다. 학생 본인의 주소를 입력해 주세요.")
    if account is not None and Student.objects.filter(cohort=cohort, user=account).exists():
        errors["email"] = _("이미 이 기수에 등록된 학생입니다.")
    if Student.objects.filter(cohort=cohort, invited_email=email, user__isnull=True).exists():
        errors["email"] = _("이미 이 주소로 초대한 학생이 있습니다.")
    if expected_graduation is not None and expected_graduation < cohort.starts_on:
        errors["expected_graduation"] = _("졸업 예정일이 입학일보다 앞섭니다.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            student = Student.objects.create(
                cohort=cohort,
                user=account,
                name=name.strip(),
                invited_email="" if account else email,
                technology=technology,
                sponsor=sponsor,
                advisor=advisor,
                status=Student.Status.ENROLLED,
                expected_graduation=expected_graduation,
                created_by=actor,
            )
    except IntegrityError:  # the same address enrolled at the same moment
        raise ValidationError({"email": _("이미 이 기수에 등록된 학생입니다.")}) from None
    student.processes.set(processes or [])
    activity_log(
        actor=actor,
        verb="graduate.student.enrolled",
        target=student,
        scope=cohort,
        summary=lambda: _("학생 한 명을 %(cohort)s 기수에 등록했습니다.") % {"cohort": cohort},
    )
    url = reverse("graduate:me")
    if account is not None:
        notify(
            recipients=[account],
            verb="graduate.student.enrolled",
            summary=lambda: _("제조혁신전문대학원 학생으로 등록되었습니다. 학적 정보를 확인해 주세요."),
            url=url,
        )
    else:
        link = settings.PPURI_BASE_URL.rstrip("/") + reverse("accounts:signup")
        body = _(
            "제조혁신전문대학원에서 Ppuri 학생 기록을 만들었습니다. 이 주소로 가입하고 로그인하면 "
            "기록이 계정에 연결됩니다: %(link)s"
        ) % {"link": link}
        notice_mail_after_commit([(_("[Ppuri] 제조혁신전문대학원 학생 등록"), body, None, [email])])
    return student


@transaction.atomic
def student_link_invitations(*, user: Any) -> int:
    """Link the records the school made for this account's verified address (run at each sign-in)."""
    if user.role != Role.SEEKER or not user.email or user.awaiting_email_verification:
        return 0
    linked = 0
    for student in Student.objects.select_for_update().filter(
        invited_email__iexact=user.email, user__isnull=True
    ):
        if Student.objects.filter(cohort=student.cohort, user=user).exists():
            continue
        student.user = user
        student.invited_email = ""
        student.save(update_fields=["user", "invited_email", "updated_at"])
        linked += 1
    return linked


def student_link_on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    student_link_invitations(user=user)


@transaction.atomic
def student_request(
    *, actor: Any, cohort: Cohort, name: str, technology: Technology | None = None, consent: bool = False
) -> Student:
    """A seeker says they are a student of the cohort; the school confirms it (student_status_set to
    enrolled) or turns it down (to rejected)."""
    require_seeker(actor)
    errors = _clean_student_fields(technology=technology, sponsor=None, advisor=None, name=name)
    if not consent:
        errors["consent"] = _("학생 기록의 수집·이용에 동의해야 신청할 수 있습니다.")
    if Student.objects.filter(cohort=cohort, user=actor).exists():
        errors["cohort"] = _("이미 이 기수의 학생 기록이 있습니다.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            student = Student.objects.create(
                cohort=cohort,
                user=actor,
                name=name.strip(),
                technology=technology,
                status=Student.Status.PENDING,
                consented_at=timezone.now(),
                consent_notice_version=notice.NOTICE_VERSION,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"cohort": _("이미 이 기수의 학생 기록이 있습니다.")}) from None
    activity_log(
        actor=actor,
        verb="graduate.student.requested",
        target=student,
        scope=cohort,
        summary=lambda: _("학생 확인을 요청했습니다."),
    )
    return student


@transaction.atomic
def student_consent(*, actor: Any, student: Student) -> Student:
    """The student agrees to the notice for a record the school made."""
    if student.user_id != actor.pk:
        raise ValidationError(_("본인의 학생 기록에만 동의할 수 있습니다."))
    student.consented_at = timezone.now()
    student.consent_notice_version = notice.NOTICE_VERSION
    student.save(update_fields=["consented_at", "consent_notice_version", "updated_at"])
    return student


_NEXT = {
    Student.Status.PENDING: {Student.Status.ENROLLED, Student.Status.REJECTED},
    Student.Status.ENROLLED: {Student.Status.THESIS, Student.Status.WITHDRAWN},
    Student.Status.THESIS: {Student.Status.GRADUATED, Student.Status.WITHDRAWN},
    Student.Status.GRADUATED: set(),
    Student.Status.WITHDRAWN: set(),
    Student.Status.REJECTED: set(),
}


@transaction.atomic
def student_status_set(*, actor: Any, student: Student, status: str, day: date | None = None) -> Student:
    """enrolled → thesis → graduated, or withdrawn from any studying state; a graduation or a
    withdrawal has its day (today or before)."""
    require_school(actor)
    student = Student.objects.select_for_update().get(pk=student.pk)
    if status not in Student.Status.values:
        raise ValidationError({"status": _("알 수 없는 학적 상태입니다.")})
    if status not in _NEXT[Student.Status(student.status)]:
        raise ValidationError(
            {
                "status": _("%(now)s에서 %(next)s(으)로 바꿀 수 없습니다.")
                % {"now": student.get_status_display(), "next": Student.Status(status).label}
            }
        )
    if status in (Student.Status.GRADUATED, Student.Status.WITHDRAWN):
        if day is None:
            raise ValidationError({"day": _("날짜를 입력해 주세요.")})
        if day > clock.today():
            raise ValidationError({"day": _("오늘이나 그 전 날짜여야 합니다.")})
        if day < student.cohort.starts_on:
            raise ValidationError({"day": _("입학일보다 앞선 날짜입니다.")})
    if status == Student.Status.GRADUATED:
        if not student.matches.filter(milestones__kind="defense", milestones__state="passed").exists():
            raise ValidationError({"status": _("최종 심사를 통과한 학생만 졸업으로 바꿀 수 있습니다.")})
        student.graduated_on = day
    if status == Student.Status.WITHDRAWN:
        student.withdrawn_on = day
    previous = student.get_status_display()
    student.status = status
    student.save()
    activity_log(
        actor=actor,
        verb="graduate.student.status",
        target=student,
        scope=student.cohort,
        summary=lambda: (
            _("학적 상태를 %(before)s에서 %(after)s(으)로 바꿨습니다.")
            % {"before": previous, "after": student.get_status_display()}
        ),
    )
    if student.user_id:
        notify(
            recipients=[student.user],
            verb="graduate.student.status",
            summary=lambda: (
                _("학적 상태가 %(status)s(으)로 바뀌었습니다.") % {"status": student.get_status_display()}
            ),
            url=reverse("graduate:me"),
        )
    return student
