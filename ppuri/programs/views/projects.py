"""Pages of the programmes: projects. The list and a project's page are open to everyone who may see the
project (its budget totals, milestones, outputs and public documents; selectors.projects decides what
each viewer sees); the programme's staff also edit it there: budget lines with a reason for every
change, sub-projects, milestones and their outcomes, outputs and documents. A refused form comes back on
the project's page with the error at its field (status 400)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts.roles import role_required, runs_programs
from ppuri.core import files
from ppuri.core.forms import add_service_errors
from ppuri.programs.forms.projects import (
    BudgetLineEditForm,
    BudgetLineForm,
    DocumentForm,
    MilestoneForm,
    MilestoneOutcomeForm,
    OutputForm,
    OutputUpdateForm,
    ProjectForm,
    SubProjectForm,
)
from ppuri.programs.models import BudgetLine, Milestone, Output, Project, SubProject
from ppuri.programs.selectors import projects as selectors
from ppuri.programs.selectors import visibility
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects as services


def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/projects/list.html",
        {"rows": selectors.project_rows(user=request.user), "staff": runs_programs(request.user)},
    )


def _page(request: HttpRequest, project: Project, status: int = 200, **bound: Any) -> HttpResponse:
    """The project's page; `bound` replaces the blank form of the same name by one with its errors
    (line_forms / outcome_forms / output_forms: {pk: form})."""
    view = selectors.project_view_for(user=request.user, project=project)
    context: dict[str, Any] = {"view": view, "project": project}
    if view.staff:
        context.update(
            subproject_form=SubProjectForm(prefix="sub"),
            line_form=BudgetLineForm(project=project, prefix="line"),
            milestone_form=MilestoneForm(project=project, prefix="ms"),
            output_form=OutputForm(project=project, prefix="out"),
            document_form=DocumentForm(project=project, prefix="doc"),
            line_forms={row.line.pk: BudgetLineEditForm.for_line(row.line) for row in view.lines or []},
            outcome_forms={
                row.milestone.pk: MilestoneOutcomeForm.for_milestone(row.milestone) for row in view.milestones
            },
            output_forms={row.output.pk: OutputUpdateForm.for_output(row.output) for row in view.outputs},
        )
        for name, form in bound.items():
            if isinstance(form, dict):
                context[name] = {**context[name], **form}
            else:
                context[name] = form
    return render(request, "programs/projects/detail.html", context, status=status)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    return _page(request, project)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, project: Project | None = None
) -> HttpResponse:
    return render(
        request,
        "programs/projects/form.html",
        {"form": form, "title": title, "project": project},
        status=400 if form.errors else 200,
    )


def _project_input(data: dict[str, Any]) -> services.ProjectInput:
    return services.ProjectInput(**{name: data[name] for name in services.PROJECT_FIELDS})


@role_required(runs_programs)
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, data=_project_input(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("사업을 등록했습니다."))
            return redirect(project)
    return _form_page(request, form, title=_("사업 등록"))


@role_required(runs_programs)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    initial = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=_project_input(form.cleaned_data),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("사업 정보를 고쳤습니다."))
            return redirect(project)
    return _form_page(request, form, title=_("사업 정보 고치기"), project=project)


def _staff_post(
    request: HttpRequest, pk: int, act: Callable[[Project], HttpResponse | None], done: str
) -> HttpResponse:
    """A write from the project's page: the action returns the page with its errors, or None when done."""
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    refused = act(project)
    if refused is not None:
        return refused
    messages.success(request, done)
    return redirect(project)


def _staff_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return role_required(runs_programs)(require_POST(view))


@_staff_action
def subproject_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        form = SubProjectForm(request.POST, prefix="sub")
        if form.is_valid():
            try:
                services.subproject_add(actor=request.user, project=project, data=_subproject_input(form))
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, subproject_form=form)

    return _staff_post(request, pk, act, _("세부사업을 추가했습니다."))


def _subproject_input(form: SubProjectForm) -> services.SubProjectInput:
    data = form.cleaned_data
    return services.SubProjectInput(
        title=data["title"],
        title_en=data["title_en"],
        category=data["category"],
        description=data["description"],
        order=data["order"] or 0,
    )


@role_required(runs_programs)
def subproject_edit(request: HttpRequest, pk: int, subproject_pk: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    # Rows are fetched through their project: another project's id under this address is a 404.
    subproject = get_object_or_404(SubProject.objects.filter(project=project), pk=subproject_pk)
    initial = {n: getattr(subproject, n) for n in ("title", "title_en", "category", "description", "order")}
    form = SubProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.subproject_update(
                actor=request.user, subproject=subproject, data=_subproject_input(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("세부사업을 고쳤습니다."))
            return redirect(project)
    return _form_page(request, form, title=_("세부사업 고치기"), project=project)


@_staff_action
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        form = BudgetLineForm(request.POST, project=project, prefix="line")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_line_create(
                    actor=request.user,
                    subproject=data["subproject"],
                    source=data["source"],
                    year=data["year"],
                    approved=data["approved"],
                    revised=data["revised"],
                    contracted=data["contracted"],
                    executed=data["executed"],
                )
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, line_form=form)

    return _staff_post(request, pk, act, _("예산 항목을 추가했습니다."))


@_staff_action
def budget_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        line = get_object_or_404(BudgetLine.objects.filter(subproject__project=project), pk=line_pk)
        form = BudgetLineEditForm.for_line(line, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_line_update(
                    actor=request.user,
                    line=line,
                    approved=data["approved"],
                    revised=data["revised"],
                    contracted=data["contracted"],
                    executed=data["executed"],
                    reason=data["reason"],
                )
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, line_forms={line.pk: form})

    return _staff_post(request, pk, act, _("예산 항목을 고쳤습니다. 변경 이력에 남았습니다."))


def _milestone_input(form: MilestoneForm) -> progress.MilestoneInput:
    data = form.cleaned_data
    return progress.MilestoneInput(
        title=data["title"],
        title_en=data["title_en"],
        planned_on=data["planned_on"],
        subproject=data["subproject"],
        note=data["note"],
        order=data["order"] or 0,
    )


@_staff_action
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        form = MilestoneForm(request.POST, project=project, prefix="ms")
        if form.is_valid():
            try:
                progress.milestone_add(actor=request.user, project=project, data=_milestone_input(form))
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, milestone_form=form)

    return _staff_post(request, pk, act, _("추진 단계를 추가했습니다."))


@role_required(runs_programs)
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    milestone = get_object_or_404(Milestone.objects.filter(project=project), pk=milestone_pk)
    initial = {
        "title": milestone.title,
        "title_en": milestone.title_en,
        "planned_on": milestone.planned_on,
        "subproject": milestone.subproject_id,
        "note": milestone.note,
        "order": milestone.order,
    }
    form = MilestoneForm(request.POST or None, initial=initial, project=project, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            progress.milestone_update(
                actor=request.user,
                milestone=milestone,
                data=_milestone_input(form),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("추진 단계를 고쳤습니다."))
            return redirect(project)
    return _form_page(request, form, title=_("추진 단계 고치기"), project=project)


@_staff_action
def milestone_outcome(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        milestone = get_object_or_404(Milestone.objects.filter(project=project), pk=milestone_pk)
        form = MilestoneOutcomeForm.for_milestone(milestone, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                progress.milestone_record_outcome(
                    actor=request.user,
                    milestone=milestone,
                    outcome=data["outcome"],
                    actual_on=data["actual_on"],
                    note=data["note"],
                )
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, outcome_forms={milestone.pk: form})

    return _staff_post(request, pk, act, _("추진 단계의 결과를 기록했습니다."))


@_staff_action
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        form = OutputForm(request.POST, project=project, prefix="out")
        if form.is_valid():
            data = form.cleaned_data
            try:
                progress.output_add(actor=request.user, project=project, **data)
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, output_form=form)

    return _staff_post(request, pk, act, _("산출물 목표를 추가했습니다."))


@_staff_action
def output_update(request: HttpRequest, pk: int, output_pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        output = get_object_or_404(Output.objects.filter(subproject__project=project), pk=output_pk)
        form = OutputUpdateForm.for_output(output, request.POST)
        if form.is_valid():
            try:
                progress.output_update(actor=request.user, output=output, **form.cleaned_data)
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, output_forms={output.pk: form})

    return _staff_post(request, pk, act, _("산출물 실적을 고쳤습니다."))


@_staff_action
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(project: Project) -> HttpResponse | None:
        form = DocumentForm(request.POST, request.FILES, project=project, prefix="doc")
        if form.is_valid():
            data = form.cleaned_data
            try:
                progress.document_add(
                    actor=request.user,
                    project=project,
                    title=data["title"],
                    upload=data["file"],
                    url=data["url"],
                    dated=data["dated"],
                    public=data["public"],
                    milestone=data["milestone"],
                )
                return None
            except ValidationError as exc:
                add_service_errors(form, exc)
        return _page(request, project, 400, document_form=form)

    return _staff_post(request, pk, act, _("문서를 등록했습니다."))


class _DocumentFile:
    """A project document as core.files.download reads an attachment: its file, the name it is saved
    under (the document's title) and its kind; `pk` and `_meta` are the document's, so the access
    record points at the document."""

    def __init__(self, document: Any) -> None:
        self.file = document.file
        self.pk = document.pk
        self._meta = document._meta
        extension = document.file.name.rsplit(".", 1)[-1].lower() if "." in document.file.name else ""
        self.kind = next((k for k, found in files.EXTENSIONS.items() if f".{extension}" in found), "")
        self.name = f"{document.title}.{extension}" if extension else document.title


def project_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document's file, for those who may see the document (selectors.visibility)."""
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    document = get_object_or_404(
        visibility.documents_visible_to(request.user).filter(project=project), pk=document_pk
    )
    if not document.file:
        raise Http404
    return files.download(request, _DocumentFile(document))


urlpatterns = [
    path("projects/", project_list, name="projects"),
    path("projects/new/", project_create, name="project_create"),
    path("projects/<int:pk>/", project_detail, name="project"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
    path("projects/<int:pk>/subprojects/add/", subproject_add, name="subproject_add"),
    path("projects/<int:pk>/subprojects/<int:subproject_pk>/edit/", subproject_edit, name="subproject_edit"),
    path("projects/<int:pk>/lines/add/", budget_line_add, name="budget_line_add"),
    path("projects/<int:pk>/lines/<int:line_pk>/", budget_line_edit, name="budget_line_edit"),
    path("projects/<int:pk>/milestones/add/", milestone_add, name="milestone_add"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/edit/", milestone_edit, name="milestone_edit"),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/outcome/",
        milestone_outcome,
        name="milestone_outcome",
    ),
    path("projects/<int:pk>/outputs/add/", output_add, name="output_add"),
    path("projects/<int:pk>/outputs/<int:output_pk>/", output_update, name="output_update"),
    path("projects/<int:pk>/documents/add/", document_add, name="project_document_add"),
    path("projects/<int:pk>/documents/<int:document_pk>/", project_document, name="project_document"),
]
