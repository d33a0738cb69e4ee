"""Company projects (프로젝트 학위): a company proposes (from one of its desk cases or from scratch), the
school publishes it to students, a student accepts the NDA where there is one and shows interest, the
school matches student, project and advisor, the thesis reviews pass, the school records the result and
the company may let an anonymised case be published (knowledge.services)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ppuri.accounts.roles import may_use_company_tools, refuse_unless
from ppuri.challenges.models import Challenge
from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.graduate import notice, selectors
from ppuri.graduate.matching import suggestion_reasons
from ppuri.graduate.models import Match, NdaAcceptance, Project, ProjectInterest, Student, ThesisMilestone
from ppuri.graduate.services.common import require_school
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import is_member, organization_people


@dataclass
class ProjectInput:
    company: Organization
    title: str
    summary: str
    problem: str
    mentor_name: str
    data_shared: str = ""
    mentor_title: str = ""
    confidentiality: str = Project.Confidentiality.PUBLIC
    technology: Technology | None = None
    processes: list[Process] = field(default_factory=list)
    challenge: Challenge | None = None


def _school_people() -> list[Any]:
    from ppuri.accounts.models import Role, User

    return list(User.objects.filter(role=Role.UNIVERSITY, is_active=True))


@transaction.atomic
def project_propose(*, actor: Any, data: ProjectInput) -> Project:
    """The company's proposal; from a case, the case must be the company's own."""
    refuse_unless(may_use_company_tools(actor), _("기업 담당자만 과제를 제안할 수 있습니다."))
    if not (is_operator(actor) or is_member(user=actor, organization_id=data.company.pk)):
        raise PermissionDenied(_("소속 기업의 과제만 제안할 수 있습니다."))
    errors: dict[str, str] = {}
    for name in ("title", "summary", "problem", "mentor_name"):
        if not str(getattr(data, name) or "").strip():
            errors[name] = _("이 항목을 입력해 주세요.")
    if data.company.kind != Organization.Kind.COMPANY:
        errors["company"] = _("기업만 과제를 제안할 수 있습니다.")
    if data.confidentiality not in Project.Confidentiality.values:
        errors["confidentiality"] = _("공개 또는 비밀유지 동의 후 공개 중에서 고르세요.")
    if data.challenge is not None and data.challenge.company_id != data.company.pk:
        errors["challenge"] = _("이 기업의 한계기술 과제가 아닙니다.")
    if errors:
        raise ValidationError(errors)
    project = Project(
        company=data.company,
        challenge=data.challenge,
        proposed_by=actor,
        title=data.title.strip(),
        summary=data.summary.strip(),
        problem=data.problem.strip(),
        data_shared=data.data_shared.strip(),
        confidentiality=data.confidentiality,
        technology=data.technology,
        mentor_name=data.mentor_name.strip(),
        mentor_title=data.mentor_title.strip(),
    )
    project.full_clean(exclude=["proposed_by", "company", "challenge", "technology"])
    project.save()
    project.processes.set(data.processes)
    activity_log(
        actor=actor,
        verb="graduate.project.proposed",
        target=project,
        scope=data.company,
        summary=lambda: _("대학원 연계 과제를 제안했습니다: %(title)s") % {"title": project.title},
    )
    notify(
        recipients=_school_people(),
        verb="graduate.project.proposed",
        summary=lambda: _("기업이 대학원 연계 과제를 제안했습니다."),
        url=project.get_absolute_url(),
    )
    return project


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def project_publish(*, actor: Any, project: Project) -> Project:
    """The school opens a proposal to students."""
    require_school(actor)
    project = _locked(project)
    if project.status != Project.Status.PROPOSED:
        raise ValidationError(_("제안된 과제만 학생 모집을 시작할 수 있습니다."))
    project.status = Project.Status.PUBLISHED
    project.published_at = timezone.now()
    project.save(update_fields=["status", "published_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="graduate.project.published",
        target=project,
        scope=project.company,
        summary=lambda: _("과제의 학생 모집을 시작했습니다."),
    )
    notify(
        recipients=organization_people(organization_id=project.company_id),
        verb="graduate.project.published",
        summary=lambda: _("제안한 과제의 학생 모집이 시작되었습니다: %(title)s") % {"title": project.title},
        url=project.get_absolute_url(),
    )
    return project


@transaction.atomic
def project_withdraw(*, actor: Any, project: Project) -> Project:
    """The company (or the school) withdraws a project nobody is working on: not matched yet, or every
    matched student has left the school."""
    if not (
        selectors.runs_graduate_school(actor) or is_member(user=actor, organization_id=project.company_id)
    ):
        raise PermissionDenied
    project = _locked(project)
    open_ = project.status in (Project.Status.PROPOSED, Project.Status.PUBLISHED)
    # A matched project whose every student left the school may be withdrawn too.
    abandoned = project.status == Project.Status.MATCHED and not _staying_matches(project).exists()
    if not (open_ or abandoned):
        raise ValidationError(_("학생이 배정된 과제는 철회할 수 없습니다."))
    project.status = Project.Status.WITHDRAWN
    project.save(update_fields=["status", "updated_at"])
    activity_log(
        actor=actor,
        verb="graduate.project.withdrawn",
        target=project,
        scope=project.company,
        summary=lambda: pgettext("graduate project", "과제를 철회했습니다."),
    )
    return project


def _student_of(actor: Any) -> Student:
    student = (
        Student.objects.filter(user=actor, status__in=Student.STUDYING).order_by("-cohort__year").first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if student is None:
        raise PermissionDenied(_("학교가 확인한 재학생만 할 수 있습니다."))
    return student


def _open_to_students(project: Project) -> Project:
    """The project as stored now (a caller's copy may be older), if it recruits students."""
    project = Project.objects.get(pk=project.pk)
    if project.status != Project.Status.PUBLISHED:
        raise ValidationError(_("학생을 모집하고 있는 과제가 아닙니다."))
    return project


@transaction.atomic
def nda_accept(*, actor: Any, project: Project) -> NdaAcceptance:
    _student_of(actor)
    project = _open_to_students(project)
    if not project.under_nda:
        raise ValidationError(_("비밀유지 동의가 필요 없는 과제입니다."))
    acceptance, created = NdaAcceptance.objects.get_or_create(
        project=project, user=actor, defaults={"terms_version": notice.NDA_VERSION}
    )
    if created:
        activity_log(
            actor=actor,
            verb="graduate.nda.accepted",
            target=project,
            # On the project, not the company: the company's feed must not name students who only
            # looked (it sees the students matched to it).
            scope=project,
            summary=lambda: _("과제의 비밀유지 조건에 동의했습니다."),
        )
    return acceptance


@transaction.atomic
def interest_express(*, actor: Any, project: Project, motivation: str) -> ProjectInterest:
    """A student's interest with a short motivation; an NDA project's only after its NDA."""
    student = _student_of(actor)
    project = _open_to_students(project)
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError({"motivation": _("지원 동기를 짧게 적어 주세요.")})
    if len(motivation) > 1000:
        raise ValidationError({"motivation": _("지원 동기는 1,000자 이내로 적어 주세요.")})
    if project.under_nda and not NdaAcceptance.objects.filter(project=project, user=actor).exists():
        raise ValidationError(_("비밀유지 조건에 먼저 동의해 주세요."))
    interest, created = ProjectInterest.objects.get_or_create(
        project=project, student=student, defaults={"motivation": motivation}
    )
    if not created:
        if interest.status == ProjectInterest.Status.SENT:
            raise ValidationError(_("이미 관심을 표명한 과제입니다."))
        interest.status = ProjectInterest.Status.SENT
        interest.motivation = motivation
        interest.save()
    activity_log(
        actor=actor,
        verb="graduate.interest.sent",
        target=interest,
        summary=lambda: _("과제에 관심을 표명했습니다."),
    )
    notify(
        recipients=_school_people(),
        verb="graduate.interest.sent",
        summary=lambda: _("학생이 과제에 관심을 표명했습니다."),
        url=project.get_absolute_url(),
    )
    return interest


@transaction.atomic
def interest_withdraw(*, actor: Any, interest: ProjectInterest) -> ProjectInterest:
    if interest.student.user_id != actor.pk:
        raise PermissionDenied
    if interest.status != ProjectInterest.Status.SENT:
        raise ValidationError(_("이미 철회한 관심 표명입니다."))
    interest.status = ProjectInterest.Status.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])
    return interest


@transaction.atomic
def match_create(*, actor: Any, project: Project, student: Student, advisor: Any) -> Match:
    """The school's decision; the advisor becomes the student's, the three reviews are planned."""
    require_school(actor)
    project = _locked(project)
    student = Student.objects.select_for_update().get(pk=student.pk)
    errors: dict[str, str] = {}
    if project.status not in (Project.Status.PUBLISHED, Project.Status.MATCHED):
        errors["project"] = _("학생을 모집하고 있는 과제에만 배정할 수 있습니다.")
    if student.status not in Student.STUDYING:
        errors["student"] = _("재학 중인 학생만 배정할 수 있습니다.")
    elif student.matches.filter(project__status=Project.Status.MATCHED).exclude(project=project).exists():
        errors["student"] = _("이미 다른 과제를 수행하고 있는 학생입니다.")
    if advisor is None or not selectors.advisors().filter(pk=advisor.pk).exists():
        errors["advisor"] = _("지도교수는 지도교수 소속 기관(인하대·한국생산기술연구원)의 전문가여야 합니다.")
    elif advisor.conflicts.filter(pk=project.company_id).exists():
        errors["advisor"] = _("이 기업과 이해관계가 있어 지도할 수 없는 전문가입니다.")
    if errors:
        raise ValidationError(errors)
    reasons = suggestion_reasons(project, student=student, advisor=advisor)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                project=project, student=student, advisor=advisor, decided_by=actor, reasons=reasons
            )
    except IntegrityError:
        raise ValidationError({"student": _("이미 이 과제에 배정된 학생입니다.")}) from None
    ThesisMilestone.objects.bulk_create(
        [ThesisMilestone(match=match, kind=kind) for kind in ThesisMilestone.ORDER]
    )
    if student.advisor_id != advisor.pk:
        student.advisor = advisor
        student.save(update_fields=["advisor", "updated_at"])
    project.status = Project.Status.MATCHED
    project.save(update_fields=["status", "updated_at"])
    activity_log(
        actor=actor,
        verb="graduate.match.created",
        target=match,
        scope=project.company,
        summary=lambda: _("과제에 학생과 지도교수를 배정했습니다."),
    )
    recipients = [*organization_people(organization_id=project.company_id)]
    recipients += [u for u in (student.user, advisor.user) if u is not None]
    notify(
        recipients=recipients,
        verb="graduate.match.created",
        summary=lambda: _("과제 배정이 정해졌습니다: %(title)s") % {"title": project.title},
        url=project.get_absolute_url(),
    )
    return match


@transaction.atomic
def milestone_update(
    *,
    actor: Any,
    milestone: ThesisMilestone,
    planned_on: date | None,
    held_on: date | None,
    state: str,
    note: str = "",
) -> ThesisMilestone:
    """A review's dates and result. A review passes only after the one before it; passing the proposal
    review puts the student in the thesis stage."""
    require_school(actor)
    milestone = (
        ThesisMilestone.objects.select_for_update().select_related("match__student").get(pk=milestone.pk)
    )
    errors: dict[str, str] = {}
    if state not in ThesisMilestone.State.values:
        errors["state"] = _("예정, 통과, 보완 요청 중에서 고르세요.")
    if state in (ThesisMilestone.State.PASSED, ThesisMilestone.State.REVISE) and held_on is None:
        errors["held_on"] = _("심사일을 입력해 주세요.")
    if held_on is not None and held_on > clock.today():
        errors["held_on"] = _("심사일은 오늘이나 그 전 날짜여야 합니다.")
    if state == ThesisMilestone.State.PASSED:
        order = list(ThesisMilestone.ORDER)
        earlier = order[: order.index(ThesisMilestone.Kind(milestone.kind))]
        if (
            milestone.match.milestones.filter(kind__in=earlier)
            .exclude(state=ThesisMilestone.State.PASSED)
            .exists()
        ):
            errors["state"] = _("앞선 심사를 통과해야 통과로 기록할 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    milestone.planned_on = planned_on
    milestone.held_on = held_on
    milestone.state = state
    milestone.note = note.strip()
    milestone.save()
    student = milestone.match.student
    if (
        milestone.kind == ThesisMilestone.Kind.PROPOSAL
        and state == ThesisMilestone.State.PASSED
        and student.status == Student.Status.ENROLLED
    ):
        student.status = Student.Status.THESIS
        student.save(update_fields=["status", "updated_at"])
    activity_log(
        actor=actor,
        verb="graduate.milestone.updated",
        target=milestone.match,
        summary=lambda: (
            _("%(kind)s: %(state)s")
            % {"kind": milestone.get_kind_display(), "state": milestone.get_state_display()}
        ),
    )
    return milestone


def _staying_matches(project: Project) -> Any:
    return project.matches.exclude(student__status=Student.Status.WITHDRAWN)


@transaction.atomic
def project_complete(*, actor: Any, project: Project, outcome: str, result: str) -> Project:
    """The school records the result once every matched student passed the final review."""
    require_school(actor)
    project = _locked(project)
    errors: dict[str, str] = {}
    if project.status != Project.Status.MATCHED:
        errors["outcome"] = _("수행 중인 과제만 완료로 기록할 수 있습니다.")
    # One subquery for "a passed defense": exclude() across the milestones with two conditions would
    # take them from different reviews (any review passed and a defense planned counted as done).
    # A student who left the school no longer holds the project back.
    elif not _staying_matches(project).exists():
        errors["outcome"] = _("과제를 수행하는 학생이 없습니다. 과제를 철회해 주세요.")
    elif (
        _staying_matches(project)
        .exclude(
            pk__in=ThesisMilestone.objects.filter(
                kind=ThesisMilestone.Kind.DEFENSE, state=ThesisMilestone.State.PASSED
            ).values("match")
        )
        .exists()
    ):
        errors["outcome"] = _("배정된 학생이 모두 최종 심사를 통과해야 완료로 기록할 수 있습니다.")
    if outcome not in Project.Outcome.values:
        errors["outcome"] = _("해결, 일부 해결, 미해결 중에서 고르세요.")
    if not (result or "").strip():
        errors["result"] = _("수행 결과를 적어 주세요.")
    if errors:
        raise ValidationError(errors)
    project.status = Project.Status.DONE
    project.outcome = outcome
    project.result = result.strip()
    project.completed_at = timezone.now()
    project.save()
    activity_log(
        actor=actor,
        verb="graduate.project.done",
        target=project,
        scope=project.company,
        summary=lambda: (
            _("과제를 완료로 기록했습니다: %(outcome)s") % {"outcome": project.get_outcome_display()}
        ),
    )
    notify(
        recipients=organization_people(organization_id=project.company_id),
        verb="graduate.project.done",
        summary=lambda: _("과제가 완료되었습니다. 익명 사례 공개 여부를 정해 주세요."),
        url=project.get_absolute_url(),
    )
    return project


@transaction.atomic
def project_publish_consent(*, actor: Any, project: Project, consent: bool) -> Project:
    """The company lets (or stops) an anonymised case of the finished project be published."""
    if not is_member(user=actor, organization_id=project.company_id):
        raise PermissionDenied(_("과제를 낸 기업의 담당자만 정할 수 있습니다."))
    project = _locked(project)
    if project.status != Project.Status.DONE:
        raise ValidationError(_("완료된 과제만 사례 공개를 정할 수 있습니다."))
    project.publish_consent = consent
    project.save(update_fields=["publish_consent", "updated_at"])
    activity_log(
        actor=actor,
        verb="graduate.project.consent",
        target=project,
        scope=project.company,
        summary=lambda: (
            _("익명 사례 공개에 동의했습니다.") if consent else _("익명 사례 공개 동의를 거두었습니다.")
        ),
    )
    return project
