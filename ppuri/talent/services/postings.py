"""Writes of postings (draft → open → closed or filled) and of the wage-arrears mark."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.core.activity import activity_log
from ppuri.core.permissions import is_operator
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.registry.models import Organization, Site
from ppuri.registry.selectors import is_member
from ppuri.search.services import index_refresh
from ppuri.talent.models import (
    EmploymentType,
    JobPosting,
    Shift,
    WageArrearsMark,
)
from ppuri.talent.selectors import standing_wage_arrears

Status = JobPosting.Status


def _refresh_index(job: JobPosting) -> None:
    # In the same transaction as the change, as the other apps do: search never shows a posting
    # that was closed, nor misses one that was opened.
    index_refresh(doc_type="job", object_ids=[job.pk])


def require_employer(actor: Any, company_id: int) -> None:
    roles.require_job_poster(actor)
    if not (is_operator(actor) or is_member(user=actor, organization_id=company_id)):
        raise PermissionDenied


# --- postings ---------------------------------------------------------------------------------------


@dataclass
class JobInput:
    """A posting as typed: slugs and ids resolved by the caller (form or API) into rows."""

    title: str
    description: str
    technology: Technology
    processes: list[Process]
    required_qualifications: list[Qualification]
    preferred_qualifications: list[Qualification]
    experience_years_min: int
    employment_type: str
    shift: str
    wage_min: int
    wage_max: int
    site: Site | None
    complex: Complex | None
    dormitory: bool
    commuter_bus: bool
    positions: int
    closes_on: date | None


def _abolished_error(job: JobPosting | None, field: str, chosen: list[Qualification]) -> str | None:
    """A posting cannot newly ask for an abolished item (특수용접기능사); one it already has may stay, so
    that editing it loses nothing."""
    abolished = [q for q in chosen if q.abolished]
    if abolished and job is not None:
        kept = set(getattr(job, field).values_list("pk", flat=True))
        abolished = [q for q in abolished if q.pk not in kept]
    if not abolished:
        return None
    return _("폐지된 자격은 새로 넣을 수 없습니다: %(names)s. 이어지는 종목을 고르세요: %(successors)s") % {
        "names": ", ".join(
            _("%(name)s(%(until)s까지 시행)") % {"name": q.name, "until": f"{q.in_use_until:%Y-%m-%d}"}
            for q in abolished
        ),
        "successors": ", ".join(s.name for q in abolished for s in q.counts_as.all()) or "—",
    }


def _clean_job(company: Organization, data: JobInput, job: JobPosting | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = data.title.strip()
    if not title:
        errors["title"] = _("제목을 입력해 주세요.")
    elif len(title) > 200:
        errors["title"] = _("제목은 200자까지 쓸 수 있습니다.")
    if len(data.description) > 10_000:
        errors["description"] = _("설명은 10,000자까지 쓸 수 있습니다.")
    if data.employment_type not in EmploymentType.values:
        errors["employment_type"] = _("고용 형태를 고르세요.")
    if data.shift not in Shift.values:
        errors["shift"] = _("근무 형태를 고르세요.")
    if data.wage_min > data.wage_max:
        errors["wage_max"] = _("월 임금 상한이 하한보다 작습니다.")
    if not 0 <= data.experience_years_min <= 40:
        errors["experience_years_min"] = _("최소 경력은 0년에서 40년 사이로 입력해 주세요.")
    if not 1 <= data.positions <= 999:
        errors["positions"] = _("모집 인원은 1명에서 999명 사이로 입력해 주세요.")
    both = {q.pk for q in data.required_qualifications} & {q.pk for q in data.preferred_qualifications}
    if both:
        errors["preferred_qualifications"] = _("같은 자격을 필수와 우대에 함께 넣을 수 없습니다.")
    for field in ("required_qualifications", "preferred_qualifications"):
        error = _abolished_error(job, field, getattr(data, field))
        if error and field not in errors:
            errors[field] = error
    if data.site is not None and data.site.organization_id != company.pk:
        errors["site"] = _("이 기업의 사업장이 아닙니다.")
    if data.closes_on is not None and data.closes_on < timezone.localdate():
        errors["closes_on"] = _("마감일이 이미 지났습니다.")
    if errors:
        raise ValidationError(errors)
    complex_ = data.site.complex if data.site is not None and data.site.complex_id else data.complex
    return {
        "title": title,
        "description": data.description.strip(),
        "technology": data.technology,
        "experience_years_min": data.experience_years_min,
        "employment_type": data.employment_type,
        "shift": data.shift,
        "wage_min": data.wage_min,
        "wage_max": data.wage_max,
        "site": data.site,
        "complex": complex_,
        "dormitory": data.dormitory,
        "commuter_bus": data.commuter_bus,
        "positions": data.positions,
        "closes_on": data.closes_on,
    }


def _set_job_lists(job: JobPosting, data: JobInput) -> None:
    job.processes.set(data.processes)
    job.required_qualifications.set(data.required_qualifications)
    job.preferred_qualifications.set(data.preferred_qualifications)


@transaction.atomic
def job_create(*, actor: Any, company: Organization, data: JobInput) -> JobPosting:
    require_employer(actor, company.pk)
    if company.kind != Organization.Kind.COMPANY:
        raise ValidationError({"company_id": _("채용 공고는 기업만 등록할 수 있습니다.")})
    job = JobPosting.objects.create(company=company, created_by=actor, **_clean_job(company, data))
    _set_job_lists(job, data)
    activity_log(
        actor=actor,
        verb="talent.job.created",
        target=job,
        scope=company,
        summary=lambda: _("채용 공고를 작성했습니다: %(title)s") % {"title": job.title},
    )
    return job


@transaction.atomic
def job_update(*, actor: Any, job: JobPosting, data: JobInput) -> JobPosting:
    require_employer(actor, job.company_id)
    job = JobPosting.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("마감된 공고는 고칠 수 없습니다."))
    for name, value in _clean_job(job.company, data, job).items():
        setattr(job, name, value)
    job.save()
    _set_job_lists(job, data)
    activity_log(
        actor=actor,
        verb="talent.job.updated",
        target=job,
        scope=job.company,
        summary=lambda: _("채용 공고를 고쳤습니다: %(title)s") % {"title": job.title},
    )
    _refresh_index(job)
    return job


@transaction.atomic
def job_open(*, actor: Any, job: JobPosting) -> JobPosting:
    require_employer(actor, job.company_id)
    # The company's row under lock, as wage_arrears_mark takes it: a mark and an opening never pass
    # each other (the mark would otherwise miss a posting opened while it was written).
    Organization.objects.select_for_update().filter(pk=job.company_id).first()
    job = JobPosting.objects.select_for_update().get(pk=job.pk)
    if job.status == Status.OPEN:
        return job
    if job.status != Status.DRAFT:
        raise ValidationError(_("작성 중인 공고만 게시할 수 있습니다."))
    mark = standing_wage_arrears(company_id=job.company_id)
    if mark is not None:
        raise ValidationError(
            _(
                "임금체불 명단(%(listed_on)s 공개)에 오른 기업은 해제될 때까지 채용 공고를 게시할 수 "
                "없습니다. 운영기관에 문의해 주세요."
            )
            % {"listed_on": mark.listed_on.isoformat()}
        )
    if job.closes_on is not None and job.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("마감일이 이미 지났습니다. 마감일을 고친 뒤 게시해 주세요.")})
    job.status = Status.OPEN
    job.opened_at = timezone.now()
    job.save(update_fields=["status", "opened_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="talent.job.opened",
        target=job,
        scope=job.company,
        summary=lambda: _("채용 공고를 게시했습니다: %(title)s") % {"title": job.title},
    )
    _refresh_index(job)
    return job


@transaction.atomic
def job_close(*, actor: Any, job: JobPosting, filled: bool = False) -> JobPosting:
    """Close a posting: filled (채용 완료) or simply closed (마감). Applications in progress stay."""
    require_employer(actor, job.company_id)
    return _close(actor=actor, job=job, filled=filled)


def _close(*, actor: Any, job: JobPosting, filled: bool) -> JobPosting:
    job = JobPosting.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Status.DRAFT, Status.OPEN):
        return job
    job.status = Status.FILLED if filled else Status.CLOSED
    job.closed_at = timezone.now()
    job.save(update_fields=["status", "closed_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="talent.job.filled" if filled else "talent.job.closed",
        target=job,
        scope=job.company,
        summary=lambda: (
            (_("채용을 마쳤습니다: %(title)s") if filled else _("공고를 마감했습니다: %(title)s"))
            % {"title": job.title}
        ),
    )
    _refresh_index(job)
    return job


def jobs_close_expired(*, today: date | None = None) -> int:
    """Close open postings whose closing date has passed (the daily task). Returns how many."""
    today = today or timezone.localdate()
    closed = 0
    for job in JobPosting.objects.filter(status=Status.OPEN, closes_on__lt=today):
        with transaction.atomic():
            _close(actor=None, job=job, filled=False)
        closed += 1
    return closed


# --- the wage-arrears list --------------------------------------------------------------------------


@transaction.atomic
def wage_arrears_mark(*, actor: Any, company: Organization, listed_on: date, source: str) -> WageArrearsMark:
    """Record that a company is on the published list of employers with unpaid wages: its open
    postings close and it cannot open new ones until an operator clears the mark."""
    roles.refuse_unless(is_operator(actor), _("임금체불 명단 등재는 운영기관만 기록할 수 있습니다."))
    source = source.strip()
    errors = {}
    if not source:
        errors["source"] = _("근거(공개 명단의 이름과 주소)를 입력해 주세요.")
    if listed_on > timezone.localdate():
        errors["listed_on"] = _("명단 공개일이 오늘보다 뒤입니다.")
    if errors:
        raise ValidationError(errors)
    Organization.objects.select_for_update().filter(pk=company.pk).first()  # see job_open
    try:
        with transaction.atomic():
            mark = WageArrearsMark.objects.create(
                company=company, listed_on=listed_on, source=source[:300], marked_by=actor
            )
    except IntegrityError:
        raise ValidationError(_("이미 임금체불 명단 등재가 기록된 기업입니다.")) from None
    for job in JobPosting.objects.filter(company=company, status=Status.OPEN):
        _close(actor=actor, job=job, filled=False)
    activity_log(
        actor=actor,
        verb="talent.wage_arrears.marked",
        target=mark,
        scope=company,
        summary=lambda: (
            _("임금체불 명단 등재를 기록했습니다(%(listed_on)s 공개).") % {"listed_on": listed_on.isoformat()}
        ),
    )
    return mark


@transaction.atomic
def wage_arrears_clear(*, actor: Any, mark: WageArrearsMark, reason: str) -> WageArrearsMark:
    roles.refuse_unless(is_operator(actor), _("임금체불 명단 해제는 운영기관만 기록할 수 있습니다."))
    if not reason.strip():
        raise ValidationError({"clear_reason": _("해제 사유를 입력해 주세요.")})
    mark = WageArrearsMark.objects.select_for_update().get(pk=mark.pk)
    if mark.cleared_at is not None:
        return mark
    mark.cleared_at = timezone.now()
    mark.cleared_by = actor
    mark.clear_reason = reason.strip()[:300]
    mark.save(update_fields=["cleared_at", "cleared_by", "clear_reason"])
    activity_log(
        actor=actor,
        verb="talent.wage_arrears.cleared",
        target=mark,
        scope=mark.company,
        summary=lambda: _("임금체불 명단 등재를 해제했습니다."),
    )
    return mark
