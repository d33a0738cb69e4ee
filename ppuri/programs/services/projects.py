"""Projects, their sub-projects and budget lines: the programme's staff (operators and the city,
services.common.require_staff) write them here, every change logged (milestones, outputs and documents:
services.project_progress).

A budget line's phases may change after creation only with a reason, and each changed figure leaves a
BudgetChange row (old and new value, who, why); so does a milestone's planned date and the project's
announced budget, so a delay cannot be hidden by re-planning. Nothing is contracted or executed beyond
the budget in force: checked here to name the field, and kept by the database's check constraint (a
refusal there becomes the same error, nothing half-written)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ppuri.core.activity import activity_log
from ppuri.core.privacy import refuse_resident_number
from ppuri.programs.models import (
    BudgetChange,
    BudgetLine,
    Project,
    SubProject,
)
from ppuri.programs.services.common import clean_model, require_staff
from ppuri.reference.models import Complex

# Above any budget Ppuri will hold (1,000조 원) and well inside a BigIntegerField.
MAX_AMOUNT = 10**15
REASON_MAX = 300


def won_text(amount: int) -> str:
    return f"{amount:,}"


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("바꾼 사유를 적어 주세요. 변경 이력에 남습니다.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("사유는 %(n)d자 이내로 적어 주세요.") % {"n": REASON_MAX}})
    # Checked here: the change rows are written with bulk_create, which the save guard does not see.
    refuse_resident_number(reason, field="reason")
    return reason


def blank_errors(data: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {
        name: _("이 항목을 입력해 주세요.") for name in names if not str(getattr(data, name) or "").strip()
    }


# --- projects -------------------------------------------------------------------------------------


@dataclass
class ProjectInput:
    slug: str
    title: str
    kind: str = Project.Kind.REGENERATION
    title_en: str = ""
    summary: str = ""
    summary_en: str = ""
    complex: Complex | None = None
    lead_agency: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    announced_budget: int | None = None
    status: str = Project.Status.ACTIVE
    source: str = ""
    synthetic: bool = False
    public: bool = True


PROJECT_FIELDS = (
    "slug",
    "kind",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "complex",
    "lead_agency",
    "starts_on",
    "ends_on",
    "announced_budget",
    "status",
    "source",
    "synthetic",
    "public",
)


def _project_errors(data: ProjectInput) -> dict[str, str]:
    errors = blank_errors(data, ("slug", "title"))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = _("사업 종료일은 시작일보다 앞설 수 없습니다.")
    if data.announced_budget is not None and not 0 <= data.announced_budget <= MAX_AMOUNT:
        errors["announced_budget"] = _("발표 사업비는 0원 이상이어야 합니다.")
    return errors


def _fill_project(project: Project, data: ProjectInput) -> None:
    for name in PROJECT_FIELDS:
        value = getattr(data, name)
        setattr(project, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def project_create(*, actor: Any, data: ProjectInput) -> Project:
    require_staff(actor)
    project = Project()
    _fill_project(project, data)
    clean_model(project, _project_errors(data))
    project.save()
    activity_log(
        actor=actor,
        verb="programs.project.created",
        target=project,
        summary=lambda: _("사업을 등록했습니다: %(title)s") % {"title": project.title},
    )
    return project


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: ProjectInput, reason: str = "") -> Project:
    """The announced budget is part of the plan: changing it needs a reason and leaves a change row."""
    require_staff(actor)
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = project.announced_budget
    errors = _project_errors(data)
    if data.announced_budget != before:
        try:
            reason = require_reason(reason)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    _fill_project(project, data)
    clean_model(project, errors)
    project.save()
    if data.announced_budget != before:
        BudgetChange.objects.create(
            project=project,
            what=project.title[:200],
            field="announced_budget",
            old_value="" if before is None else str(before),
            new_value="" if data.announced_budget is None else str(data.announced_budget),
            reason=reason,
            changed_by=actor,
        )
    activity_log(
        actor=actor,
        verb="programs.project.updated",
        target=project,
        summary=lambda: _("사업 정보를 고쳤습니다: %(title)s") % {"title": project.title},
    )
    return project


# --- sub-projects ---------------------------------------------------------------------------------


@dataclass
class SubProjectInput:
    title: str
    category: str = SubProject.Category.OTHER
    title_en: str = ""
    description: str = ""
    order: int = 0


def _save_subproject(subproject: SubProject, data: SubProjectInput) -> None:
    subproject.title = (data.title or "").strip()
    subproject.title_en = (data.title_en or "").strip()
    subproject.category = data.category
    subproject.description = (data.description or "").strip()
    subproject.order = data.order
    errors = blank_errors(data, ("title",))
    taken = SubProject.objects.filter(project=subproject.project_id, title=subproject.title)
    if subproject.title and taken.exclude(pk=subproject.pk).exists():
        errors["title"] = _("이 사업에 같은 이름의 세부사업이 이미 있습니다.")
    clean_model(subproject, errors, exclude=["project"])
    try:
        with transaction.atomic():
            subproject.save()
    except IntegrityError:  # the same title saved at the same moment
        raise ValidationError({"title": _("이 사업에 같은 이름의 세부사업이 이미 있습니다.")}) from None


@transaction.atomic
def subproject_add(*, actor: Any, project: Project, data: SubProjectInput) -> SubProject:
    require_staff(actor)
    subproject = SubProject(project=project)
    _save_subproject(subproject, data)
    activity_log(
        actor=actor,
        verb="programs.subproject.added",
        target=subproject,
        scope=project,
        summary=lambda: _("세부사업을 추가했습니다: %(title)s") % {"title": subproject.title},
    )
    return subproject


@transaction.atomic
def subproject_update(*, actor: Any, subproject: SubProject, data: SubProjectInput) -> SubProject:
    require_staff(actor)
    subproject = SubProject.objects.select_for_update().get(pk=subproject.pk)
    _save_subproject(subproject, data)
    activity_log(
        actor=actor,
        verb="programs.subproject.updated",
        target=subproject,
        scope=subproject.project,
        summary=lambda: _("세부사업을 고쳤습니다: %(title)s") % {"title": subproject.title},
    )
    return subproject


# --- budget lines ---------------------------------------------------------------------------------


def phase_errors(*, approved: Any, revised: Any, contracted: Any, executed: Any) -> dict[str, str]:
    """Every refusal of a line's amounts at its field: not a whole number of won, negative, too large,
    or contracted/executed beyond the budget in force (revised if revised, else approved)."""
    errors: dict[str, str] = {}
    amounts = {"approved": approved, "revised": revised, "contracted": contracted, "executed": executed}
    for name, value in amounts.items():
        if value is None and name == "revised":
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            errors[name] = _("금액을 원 단위 정수로 입력해 주세요.")
        elif value < 0:
            errors[name] = _("금액은 0원 이상이어야 합니다.")
        elif value > MAX_AMOUNT:
            errors[name] = _("금액이 너무 큽니다.")
    if errors:
        return errors
    in_force = approved if revised is None else revised
    basis = _("변경액") if revised is not None else _("편성액")
    for name, label in (("contracted", _("계약액")), ("executed", _("집행액"))):
        if amounts[name] > in_force:
            errors[name] = _(
                "%(label)s %(amount)s원이 예산현액(%(basis)s) %(budget)s원을 넘습니다. "
                "예산을 먼저 변경하거나 금액을 고쳐 주세요."
            ) % {
                "label": label,
                "amount": won_text(amounts[name]),
                "basis": basis,
                "budget": won_text(in_force),
            }
    return errors


def _integrity_error(line: BudgetLine) -> ValidationError:
    """What the database refused, said at the field: a duplicate line or a phase beyond the budget."""
    errors = phase_errors(
        approved=line.approved, revised=line.revised, contracted=line.contracted, executed=line.executed
    )
    return ValidationError(errors or {"source": _duplicate_line(line)})


def _duplicate_line(line: BudgetLine) -> str:
    return _("이 세부사업에는 %(year)s년 %(source)s 예산 항목이 이미 있습니다. 그 항목을 고쳐 주세요.") % {
        "year": line.year,
        "source": line.get_source_display(),
    }


def _save_line(line: BudgetLine, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            line.save(update_fields=update_fields)
    except IntegrityError:
        raise _integrity_error(line) from None


@transaction.atomic
def budget_line_create(
    *,
    actor: Any,
    subproject: SubProject,
    source: str,
    year: int,
    approved: int,
    revised: int | None = None,
    contracted: int = 0,
    executed: int = 0,
) -> BudgetLine:
    require_staff(actor)
    if subproject.project.kind == Project.Kind.DESIGNATION:
        raise ValidationError(
            _("지구 지정 추진 사업은 추진 단계와 문서로 관리하며 예산 항목을 두지 않습니다.")
        )
    errors = phase_errors(approved=approved, revised=revised, contracted=contracted, executed=executed)
    if source not in BudgetLine.Source.values:
        errors["source"] = _("재원을 목록에서 고르세요.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("연도는 2000년에서 2100년 사이로 입력해 주세요.")
    if errors:
        raise ValidationError(errors)
    line = BudgetLine(
        subproject=subproject,
        source=source,
        year=year,
        approved=approved,
        revised=revised,
        contracted=contracted,
        executed=executed,
    )
    if BudgetLine.objects.filter(subproject=subproject, source=source, year=year).exists():
        raise ValidationError({"source": _duplicate_line(line)})
    _save_line(line)
    activity_log(
        actor=actor,
        verb="programs.budget_line.created",
        target=line,
        scope=subproject.project,
        summary=lambda: (
            _("예산 항목을 추가했습니다: %(line)s, 편성액 %(amount)s원")
            % {"line": str(line), "amount": won_text(line.approved)}
        ),
    )
    return line


@transaction.atomic
def budget_line_update(
    *,
    actor: Any,
    line: BudgetLine,
    approved: int,
    revised: int | None,
    contracted: int,
    executed: int,
    reason: str,
) -> BudgetLine:
    """New amounts for a line's phases, with the reason: one BudgetChange row per changed phase."""
    require_staff(actor)
    line = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("subproject__project")
        .get(pk=line.pk)
    )
    wanted = {"approved": approved, "revised": revised, "contracted": contracted, "executed": executed}
    changed = [name for name in BudgetLine.PHASES if wanted[name] != getattr(line, name)]
    if not changed:
        raise ValidationError(_("바뀐 금액이 없습니다."))
    errors = phase_errors(**wanted)
    try:
        reason = require_reason(reason)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(line, name) for name in changed}
    for name in changed:
        setattr(line, name, wanted[name])
    _save_line(line, update_fields=[*changed, "updated_at"])
    project = line.subproject.project
    BudgetChange.objects.bulk_create(
        BudgetChange(
            project=project,
            budget_line=line,
            what=str(line)[:200],
            field=name,
            old_value="" if before[name] is None else str(before[name]),
            new_value="" if wanted[name] is None else str(wanted[name]),
            reason=reason,
            changed_by=actor,
        )
        for name in changed
    )
    activity_log(
        actor=actor,
        verb="programs.budget_line.updated",
        target=line,
        scope=project,
        summary=lambda: (
            _("예산 항목의 금액을 고쳤습니다: %(line)s (사유: %(reason)s)")
            % {"line": str(line), "reason": reason}
        ),
        data={"changed": {name: [before[name], wanted[name]] for name in changed}},
    )
    return line
