"""What a project delivers and when: its milestones (planned and actual dates, the outcome), its
outputs against their targets and its documents. The programme's staff write them (require_staff),
every change logged; moving a milestone's planned date needs a reason and leaves a change row, as a
budget figure does (services.projects)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ppuri.core import clock, files
from ppuri.core.activity import activity_log
from ppuri.programs.models import BudgetChange, Document, Milestone, Output, Project, SubProject
from ppuri.programs.services.common import clean_model, require_staff
from ppuri.programs.services.projects import MAX_AMOUNT, blank_errors, require_reason, won_text

# --- milestones -----------------------------------------------------------------------------------


@dataclass
class MilestoneInput:
    title: str
    planned_on: date | None
    title_en: str = ""
    subproject: SubProject | None = None
    note: str = ""
    order: int = 0


def _milestone_errors(project: Project, data: MilestoneInput) -> dict[str, str]:
    errors = blank_errors(data, ("title",))
    if data.planned_on is None:
        errors["planned_on"] = _("계획일을 입력해 주세요.")
    if data.subproject is not None and data.subproject.project_id != project.pk:
        errors["subproject"] = _("이 사업의 세부사업이 아닙니다.")
    return errors


def _fill_milestone(milestone: Milestone, data: MilestoneInput) -> None:
    milestone.title = (data.title or "").strip()
    milestone.title_en = (data.title_en or "").strip()
    milestone.subproject = data.subproject
    milestone.note = (data.note or "").strip()
    milestone.order = data.order
    if data.planned_on is not None:
        milestone.planned_on = data.planned_on


@transaction.atomic
def milestone_add(*, actor: Any, project: Project, data: MilestoneInput) -> Milestone:
    require_staff(actor)
    milestone = Milestone(project=project)
    errors = _milestone_errors(project, data)
    _fill_milestone(milestone, data)
    clean_model(milestone, errors, exclude=["project", "subproject"])
    milestone.save()
    activity_log(
        actor=actor,
        verb="programs.milestone.added",
        target=milestone,
        scope=project,
        summary=lambda: (
            _("추진 단계를 추가했습니다: %(title)s (계획일 %(day)s)")
            % {"title": milestone.title, "day": milestone.planned_on.isoformat()}
        ),
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: Any, milestone: Milestone, data: MilestoneInput, reason: str = ""
) -> Milestone:
    """Moving the planned date is re-planning: it needs a reason and leaves a change row."""
    require_staff(actor)
    milestone = (
        Milestone.objects.select_for_update(of=("self",)).select_related("project").get(pk=milestone.pk)
    )
    errors = _milestone_errors(milestone.project, data)
    before = milestone.planned_on
    moved = data.planned_on is not None and data.planned_on != before
    if moved:
        try:
            reason = require_reason(reason)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    _fill_milestone(milestone, data)
    clean_model(milestone, errors, exclude=["project", "subproject"])
    milestone.save()
    if moved:
        BudgetChange.objects.create(
            project=milestone.project,
            what=milestone.title[:200],
            field="planned_on",
            old_value=before.isoformat(),
            new_value=milestone.planned_on.isoformat(),
            reason=reason,
            changed_by=actor,
        )
    activity_log(
        actor=actor,
        verb="programs.milestone.updated",
        target=milestone,
        scope=milestone.project,
        summary=lambda: _("추진 단계를 고쳤습니다: %(title)s") % {"title": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_record_outcome(
    *, actor: Any, milestone: Milestone, outcome: str, actual_on: date | None, note: str | None = None
) -> Milestone:
    """A step done (on its actual date), missed, or back to pending."""
    require_staff(actor)
    milestone = (
        Milestone.objects.select_for_update(of=("self",)).select_related("project").get(pk=milestone.pk)
    )
    errors: dict[str, str] = {}
    if outcome not in Milestone.Outcome.values:
        errors["outcome"] = _("결과를 목록에서 고르세요.")
    elif outcome == Milestone.Outcome.DONE and actual_on is None:
        errors["actual_on"] = _("완료한 단계는 실제 완료일을 입력해 주세요.")
    elif outcome == Milestone.Outcome.PENDING and actual_on is not None:
        errors["actual_on"] = _("진행 전인 단계에는 실제 완료일을 적지 않습니다.")
    if actual_on is not None and actual_on > clock.today():
        errors["actual_on"] = _("실제 완료일은 오늘보다 뒤일 수 없습니다.")
    if note is not None and len(note.strip()) > 300:
        errors["note"] = _("비고는 300자 이내로 적어 주세요.")
    if errors:
        raise ValidationError(errors)
    milestone.outcome = outcome
    milestone.actual_on = actual_on
    fields = ["outcome", "actual_on", "updated_at"]
    if note is not None:
        milestone.note = note.strip()
        fields.append("note")
    milestone.save(update_fields=fields)
    activity_log(
        actor=actor,
        verb="programs.milestone.outcome",
        target=milestone,
        scope=milestone.project,
        summary=lambda: (
            _("추진 단계의 결과를 기록했습니다: %(title)s, %(outcome)s")
            % {"title": milestone.title, "outcome": milestone.get_outcome_display()}
        ),
    )
    return milestone


# --- outputs --------------------------------------------------------------------------------------


def _count_errors(**values: Any) -> dict[str, str]:
    errors = {}
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AMOUNT:
            errors[name] = _("0 이상의 정수로 입력해 주세요.")
    return errors


@transaction.atomic
def output_add(
    *,
    actor: Any,
    project: Project,
    subproject: SubProject,
    indicator: str,
    unit: str,
    target: int,
    actual: int = 0,
    indicator_en: str = "",
    as_of: date | None = None,
) -> Output:
    require_staff(actor)
    output = Output(
        subproject=subproject,
        indicator=(indicator or "").strip(),
        indicator_en=(indicator_en or "").strip(),
        unit=(unit or "").strip(),
        target=target,
        actual=actual,
        as_of=as_of,
    )
    errors = _count_errors(target=target, actual=actual)
    errors.update(blank_errors(output, ("indicator", "unit")))
    if subproject.project_id != project.pk:
        errors["subproject"] = _("이 사업의 세부사업이 아닙니다.")
    clean_model(output, errors, exclude=["subproject"])
    output.save()
    activity_log(
        actor=actor,
        verb="programs.output.added",
        target=output,
        scope=project,
        summary=lambda: (
            _("산출물 목표를 추가했습니다: %(indicator)s %(target)s%(unit)s")
            % {"indicator": output.indicator, "target": won_text(output.target), "unit": output.unit}
        ),
    )
    return output


@transaction.atomic
def output_update(*, actor: Any, output: Output, target: int, actual: int, as_of: date | None) -> Output:
    require_staff(actor)
    output = (
        Output.objects.select_for_update(of=("self",)).select_related("subproject__project").get(pk=output.pk)
    )
    errors = _count_errors(target=target, actual=actual)
    if as_of is not None and as_of > clock.today():
        errors["as_of"] = _("기준일은 오늘보다 뒤일 수 없습니다.")
    if errors:
        raise ValidationError(errors)
    before = {"target": output.target, "actual": output.actual}
    output.target, output.actual, output.as_of = target, actual, as_of
    output.save(update_fields=["target", "actual", "as_of", "updated_at"])
    activity_log(
        actor=actor,
        verb="programs.output.updated",
        target=output,
        scope=output.subproject.project,
        summary=lambda: (
            _("산출물 실적을 고쳤습니다: %(indicator)s %(actual)s/%(target)s%(unit)s")
            % {
                "indicator": output.indicator,
                "actual": won_text(output.actual),
                "target": won_text(output.target),
                "unit": output.unit,
            }
        ),
        data={"before": before, "after": {"target": target, "actual": actual}},
    )
    return output


# --- documents ------------------------------------------------------------------------------------


@transaction.atomic
def document_add(
    *,
    actor: Any,
    project: Project,
    title: str,
    upload: Any = None,
    url: str = "",
    dated: date | None = None,
    public: bool = False,
    milestone: Milestone | None = None,
) -> Document:
    """A project's document: a checked upload (core.files) or a link, never both; `public` documents
    show to everyone who may see the project."""
    require_staff(actor)
    errors = blank_errors(Document(title=title), ("title",))
    url = (url or "").strip()
    if upload is None and not url:
        errors["file"] = _("파일을 올리거나 링크를 입력해 주세요.")
    elif upload is not None and url:
        errors["url"] = _("파일과 링크 가운데 하나만 주세요.")
    elif upload is not None:
        try:
            files.check(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    if milestone is not None and milestone.project_id != project.pk:
        errors["milestone"] = _("이 사업의 추진 단계가 아닙니다.")
    document = Document(
        project=project,
        milestone=milestone,
        title=(title or "").strip(),
        dated=dated,
        url=url,
        public=public,
        uploaded_by=actor,
    )
    clean_model(document, errors, exclude=["file", "project", "agreement", "milestone", "uploaded_by"])
    if upload is not None:
        document.file = upload
    document.save()
    activity_log(
        actor=actor,
        verb="programs.document.added",
        target=document,
        scope=project,
        summary=lambda: _("사업 문서를 등록했습니다: %(title)s") % {"title": document.title},
    )
    return document
