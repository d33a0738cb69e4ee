"""Writes of applications and their stages, and of companies' invitations to apply.

application:  received → reviewing → interview → offer → hired
                         (rejected by the company, withdrawn by the seeker, from any open stage)
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.registry.models import Site
from ppuri.registry.selectors import organization_people
from ppuri.talent import notice
from ppuri.talent.models import (
    Application,
    ApplicationEvent,
    Interest,
    JobPosting,
    SeekerProfile,
)
from ppuri.talent.services.postings import require_employer
from ppuri.talent.services.seekers import seeker_was_active
from ppuri.talent.signals import application_hired

Status = JobPosting.Status
Stage = Application.Stage

# Where each stage may go next. The seeker withdraws (application_withdraw); the company does the rest.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.RECEIVED: (Stage.REVIEWING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED, Stage.REJECTED),
    Stage.REVIEWING: (Stage.INTERVIEW, Stage.OFFER, Stage.HIRED, Stage.REJECTED),
    Stage.INTERVIEW: (Stage.OFFER, Stage.HIRED, Stage.REJECTED),
    Stage.OFFER: (Stage.HIRED, Stage.REJECTED),
    Stage.HIRED: (),
    Stage.REJECTED: (),
    Stage.WITHDRAWN: (),
}
OPEN_STAGES = (Stage.RECEIVED, Stage.REVIEWING, Stage.INTERVIEW, Stage.OFFER)


# --- applications -----------------------------------------------------------------------------------


def _require_profile(seeker: Any) -> SeekerProfile:
    profile = SeekerProfile.objects.filter(user=seeker).first()
    if profile is None:
        raise ValidationError(_("지원하려면 먼저 구직자 프로필을 작성해 주세요."))
    return profile


def _applicant_notified(application: Application, summary: Any) -> None:
    notify(
        recipients=organization_people(organization_id=application.job.company_id),
        verb="talent.application.received",
        url=application.job.get_absolute_url(),
        summary=summary,
    )


@transaction.atomic
def application_submit(*, actor: Any, job: JobPosting, message: str, consent: bool) -> Application:
    """The seeker applies, agreeing that this company receives their contact (notice.CONTACT)."""
    roles.require_seeker(actor)
    _require_profile(actor)
    if not consent:
        raise ValidationError({"consent": _("연락처를 지원 기업에 제공하는 데 동의해야 지원할 수 있습니다.")})
    message = message.strip()
    if len(message) > 2_000:
        raise ValidationError({"message": _("지원 메시지는 2,000자까지 쓸 수 있습니다.")})
    job = JobPosting.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.OPEN:
        raise ValidationError(_("모집 중인 공고에만 지원할 수 있습니다."))
    return _application_create(actor=actor, job=job, message=message, origin=Application.Origin.APPLIED)


def _application_create(*, actor: Any, job: JobPosting, message: str, origin: str) -> Application:
    try:
        with transaction.atomic():
            application = Application.objects.create(
                job=job,
                seeker=actor,
                origin=origin,
                message=message,
                contact_consented_at=timezone.now(),
                consent_notice_version=notice.NOTICE_VERSION,
            )
    except IntegrityError:
        raise ValidationError(_("이미 지원한 공고입니다.")) from None
    ApplicationEvent.objects.create(application=application, stage=Stage.RECEIVED, actor=actor)
    seeker_was_active(actor)
    activity_log(
        actor=actor,
        verb="talent.application.submitted",
        target=application,
        scope=job,
        summary=lambda: _("입사 지원을 접수했습니다: %(title)s") % {"title": job.title},
    )
    _applicant_notified(application, lambda: _("새 입사 지원이 있습니다: %(title)s") % {"title": job.title})
    return application


@transaction.atomic
def application_stage(
    *,
    actor: Any,
    application: Application,
    stage: str,
    comment: str = "",
    hired_on: date | None = None,
    hire_site: Site | None = None,
) -> Application:
    """The company moves an application to its next stage; a hire records the hire date and the site
    (the start of tenure)."""
    require_employer(actor, application.job.company_id)
    application = Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    if stage not in Stage.values or stage == Stage.WITHDRAWN:
        raise ValidationError({"stage": _("바꿀 수 없는 단계입니다.")})
    if stage not in NEXT_STAGES[application.stage]:
        raise ValidationError(
            {
                "stage": _("'%(current)s' 단계에서 '%(next)s' 단계로 옮길 수 없습니다.")
                % {"current": Stage(application.stage).label, "next": Stage(stage).label}
            }
        )
    comment = comment.strip()
    if len(comment) > 2_000:
        raise ValidationError({"comment": _("메모는 2,000자까지 쓸 수 있습니다.")})
    fields = ["stage", "updated_at"]
    if stage == Stage.HIRED:
        if hired_on is None:
            raise ValidationError({"hired_on": _("채용으로 옮기려면 입사일을 입력해 주세요.")})
        if hired_on < application.created_at.date():
            raise ValidationError({"hired_on": _("입사일이 지원일보다 앞섭니다.")})
        if hired_on > timezone.localdate() + timedelta(days=365):
            raise ValidationError({"hired_on": _("입사일은 1년 안의 날짜로 입력해 주세요.")})
        # Tenure is counted at a site: the one chosen, the posting's, or the company's main one.
        site = (
            hire_site
            or application.job.site
            or Site.objects.filter(organization_id=application.job.company_id, is_primary=True).first()
        )
        if site is None:
            raise ValidationError(
                {"hire_site": _("근무 사업장을 고르세요. 기업에 사업장이 없으면 먼저 등록해 주세요.")}
            )
        if site.organization_id != application.job.company_id:
            raise ValidationError({"hire_site": _("이 기업의 사업장이 아닙니다.")})
        application.hired_on = hired_on
        application.hire_site = site
        fields += ["hired_on", "hire_site"]
    application.stage = stage
    application.save(update_fields=fields)
    if stage == Stage.HIRED:
        # Tenure is followed for every hire: the tenure app listens (it reads talent, not the other way).
        application_hired.send(sender=Application, application=application)
    ApplicationEvent.objects.create(application=application, stage=stage, actor=actor, comment=comment)
    label = Stage(stage).label
    activity_log(
        actor=actor,
        verb=f"talent.application.{stage}",
        target=application,
        scope=application.job,
        summary=lambda: _("지원 단계를 '%(stage)s'(으)로 옮겼습니다.") % {"stage": label},
    )
    notify(
        recipients=[application.seeker],
        verb="talent.application.stage",
        url=application.job.get_absolute_url(),
        summary=lambda: (
            _("%(title)s 지원 단계: %(stage)s") % {"title": application.job.title, "stage": label}
        ),
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application) -> Application:
    if application.seeker_id != getattr(actor, "pk", None):
        raise PermissionDenied
    application = Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    if application.stage not in OPEN_STAGES:
        raise ValidationError(_("진행 중인 지원만 취소할 수 있습니다."))
    application.stage = Stage.WITHDRAWN
    application.save(update_fields=["stage", "updated_at"])
    ApplicationEvent.objects.create(application=application, stage=Stage.WITHDRAWN, actor=actor)
    seeker_was_active(actor)
    activity_log(
        actor=actor,
        verb="talent.application.withdrawn",
        target=application,
        scope=application.job,
        summary=lambda: _("지원을 취소했습니다."),
    )
    _applicant_notified(
        application, lambda: _("지원이 취소되었습니다: %(title)s") % {"title": application.job.title}
    )
    return application


# --- companies' invitations to apply -----------------------------------------------------------------


@transaction.atomic
def interest_send(*, actor: Any, job: JobPosting, seeker_id: int, message: str = "") -> Interest:
    """A company invites a discoverable seeker to apply; the seeker's contact stays hidden."""
    require_employer(actor, job.company_id)
    # The posting as it is now, under lock: one closed since the caller read it sends nothing.
    job = JobPosting.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.OPEN:
        raise ValidationError(_("모집 중인 공고로만 지원을 제안할 수 있습니다."))
    profile = (
        SeekerProfile.objects.filter(user_id=seeker_id, discoverable=True).select_related("user").first()
    )
    if profile is None or not profile.user.is_active:
        raise ValidationError({"seeker_id": _("인재 검색을 허용한 구직자가 아닙니다.")})
    message = message.strip()
    if len(message) > 1_000:
        raise ValidationError({"message": _("제안 메시지는 1,000자까지 쓸 수 있습니다.")})
    try:
        with transaction.atomic():
            interest = Interest.objects.create(job=job, seeker=profile.user, sent_by=actor, message=message)
    except IntegrityError:
        raise ValidationError(_("이미 이 공고로 제안한 구직자입니다.")) from None
    activity_log(
        actor=actor,
        verb="talent.interest.sent",
        target=interest,
        scope=job,
        summary=lambda: _("구직자에게 지원을 제안했습니다."),
    )
    notify(
        recipients=[profile.user],
        verb="talent.interest.sent",
        url=job.get_absolute_url(),
        summary=lambda: (
            _("%(company)s에서 지원을 제안했습니다: %(title)s")
            % {"company": job.company.name, "title": job.title}
        ),
    )
    return interest


@transaction.atomic
def interest_respond(*, actor: Any, interest: Interest, accept: bool, consent: bool = False) -> Interest:
    """The seeker accepts (an application is made, and the contact goes to the company with the
    seeker's consent) or declines (the company learns no more)."""
    if interest.seeker_id != getattr(actor, "pk", None):
        raise PermissionDenied
    interest = Interest.objects.select_for_update().select_related("job").get(pk=interest.pk)
    if interest.status != Interest.Status.SENT:
        raise ValidationError(_("이미 답한 제안입니다."))
    if accept:
        if not consent:
            raise ValidationError(
                {"consent": _("연락처를 기업에 제공하는 데 동의해야 제안을 수락할 수 있습니다.")}
            )
        _require_profile(actor)
        job = JobPosting.objects.select_for_update().get(pk=interest.job_id)
        if job.status != Status.OPEN:
            raise ValidationError(_("이 공고는 이미 마감되었습니다."))
        # The company's message stays on the invitation: an application's message is the seeker's.
        _application_create(actor=actor, job=job, message="", origin=Application.Origin.INTEREST)
    interest.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    interest.responded_at = timezone.now()
    interest.save(update_fields=["status", "responded_at", "updated_at"])
    seeker_was_active(actor)
    activity_log(
        actor=actor,
        verb="talent.interest.accepted" if accept else "talent.interest.declined",
        target=interest,
        scope=interest.job,
        summary=lambda: _("지원 제안을 수락했습니다.") if accept else _("지원 제안을 거절했습니다."),
    )
    return interest
