"""Internships and placement. A placement at a company of the registry starts the graduate's
employment in tenure (tenure.services.employment_start), so their retention is followed like every
other hire's; the 15-month survey at the same employer keeps the employment it already has."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.graduate.models import Internship, Placement, Project, Student
from ppuri.graduate.services.common import require_school
from ppuri.reference.models import Complex
from ppuri.registry.models import Organization, Site
from ppuri.tenure.models import Employment
from ppuri.tenure.services import employment_start


@transaction.atomic
def internship_record(
    *,
    actor: Any,
    student: Student,
    company: Organization,
    starts_on: date,
    ends_on: date,
    project: Project | None = None,
) -> Internship:
    require_school(actor)
    # The status as stored now: the caller's copy may predate a withdrawal.
    student = Student.objects.select_for_update().select_related("cohort").get(pk=student.pk)
    errors: dict[str, str] = {}
    if company.kind != Organization.Kind.COMPANY:
        errors["company"] = _("현장실습 기관은 등록된 기업이어야 합니다.")
    if ends_on < starts_on:
        errors["ends_on"] = _("종료일이 시작일보다 앞섭니다.")
    if starts_on < student.cohort.starts_on:
        errors["starts_on"] = _("입학일보다 앞선 날짜입니다.")
    if project is not None and project.company_id != company.pk:
        errors["project"] = _("이 기업의 과제가 아닙니다.")
    if student.status not in (*Student.STUDYING, Student.Status.GRADUATED):
        errors["student"] = _("재학생이나 졸업생의 현장실습만 기록할 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            internship = Internship.objects.create(
                student=student, company=company, project=project, starts_on=starts_on, ends_on=ends_on
            )
    except IntegrityError:  # posted twice
        raise ValidationError(
            {"starts_on": _("이 기업에서 같은 날 시작한 현장실습이 이미 있습니다.")}
        ) from None
    activity_log(
        actor=actor,
        verb="graduate.internship.recorded",
        target=student,
        scope=student.cohort,
        summary=lambda: _("현장실습을 기록했습니다: %(company)s") % {"company": company.name},
    )
    return internship


def _forget_mistaken_hire(employment_id: int) -> None:
    """A corrected answer no longer names the hire the earlier one started: the employment goes, so the
    wrong company does not follow a hire (with the graduate's account) that never was; unless the
    other survey still holds it or the company already acted on it (a separation or a confirmation)."""
    Employment.objects.filter(
        pk=employment_id, separated_on__isnull=True, confirmations__isnull=True
    ).exclude(graduate_placements__isnull=False).delete()


@transaction.atomic
def placement_record(
    *,
    actor: Any,
    student: Student,
    survey: str,
    outcome: str,
    employer: Organization | None = None,
    employer_name: str = "",
    site: Site | None = None,
    root_industry: bool | None = None,
    complex: Complex | None = None,
    role: str = "",
    hired_on: date | None = None,
) -> Placement:
    """A graduate's answer to a survey (at graduation, or 15 months later). Employed at a registry
    company: the employment starts in tenure. Recording the same survey again corrects it."""
    require_school(actor)
    student = Student.objects.select_for_update().select_related("cohort").get(pk=student.pk)
    errors: dict[str, str] = {}
    if student.status != Student.Status.GRADUATED:
        errors["student"] = _("졸업한 학생의 진로만 기록할 수 있습니다.")
    if survey not in Placement.Survey.values:
        errors["survey"] = _("졸업 시점 또는 졸업 15개월 후 중에서 고르세요.")
    if outcome not in Placement.Outcome.values:
        errors["outcome"] = _("진로를 고르세요.")
    employed = outcome == Placement.Outcome.EMPLOYED
    if employed:
        if employer is None and not employer_name.strip():
            errors["employer"] = _("고용 기업을 고르거나 이름을 적어 주세요.")
        if employer is not None and employer.kind != Organization.Kind.COMPANY:
            errors["employer"] = _("고용 기업은 기업이어야 합니다.")
        if site is not None and (employer is None or site.organization_id != employer.pk):
            errors["site"] = _("고용 기업의 사업장이 아닙니다.")
        if hired_on is None:
            errors["hired_on"] = _("입사일을 입력해 주세요.")
        elif hired_on > clock.today():
            errors["hired_on"] = _("입사일은 오늘이나 그 전 날짜여야 합니다.")
    elif employer is not None or employer_name.strip() or hired_on is not None:
        errors["outcome"] = _("취업이 아닌 진로에는 고용 기업과 입사일을 적지 않습니다.")
    if errors:
        raise ValidationError(errors)
    if employed and root_industry is None:
        root_industry = bool(employer is not None and employer.is_root_industry)
    if employed and complex is None and site is not None:
        complex = site.complex
    # The employment of this survey's earlier answer, when this one corrects it.
    replaced = (
        Placement.objects.filter(student=student, survey=survey).values_list("employment", flat=True).first()
    )
    employment = None
    if employed and employer is not None:
        assert hired_on is not None
        # A hire at the same employer recorded before (the other survey, or this one being corrected),
        # still open, is the same employment.
        earlier = (
            Placement.objects.filter(
                student=student, employer=employer, employment__separated_on__isnull=True
            )
            .exclude(employment=None)
            .select_related("employment")
            .first()
        )
        employment = earlier.employment if earlier is not None else None
        if employment is None:
            employment = employment_start(
                company=employer,
                site=site,
                hired_on=hired_on,
                source=Employment.Source.GRADUATE,
                technology=student.technology,
                person=student.user,
            )
    placement, _created = Placement.objects.update_or_create(
        student=student,
        survey=survey,
        defaults={
            "outcome": outcome,
            "employer": employer if employed else None,
            "employer_name": employer_name.strip() if employed and employer is None else "",
            "site": site if employed else None,
            "root_industry": bool(root_industry) if employed else False,
            "complex": complex if employed else None,
            "role": role.strip() if employed else "",
            "hired_on": hired_on if employed else None,
            "employment": employment,
            "recorded_by": actor,
        },
    )
    if replaced is not None and replaced != (employment.pk if employment else None):
        _forget_mistaken_hire(replaced)
    activity_log(
        actor=actor,
        verb="graduate.placement.recorded",
        target=student,
        scope=student.cohort,
        summary=lambda: (
            _("졸업생 진로를 기록했습니다(%(survey)s): %(outcome)s")
            % {"survey": placement.get_survey_display(), "outcome": placement.get_outcome_display()}
        ),
    )
    return placement
