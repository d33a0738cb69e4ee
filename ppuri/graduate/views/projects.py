"""Company projects, from a company's proposal to the result: the list each role may see, the proposal
form (from one of the company's desk cases or from scratch), a project's page with the NDA gate, the
student's interest, the school's publication, suggested pairs and match, the thesis reviews, the result
and the company's consent to an anonymised case."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.challenges.selectors import challenges_visible_to
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.activity import activity_for_scope
from ppuri.core.forms import add_service_errors
from ppuri.graduate import matching, notice, selectors, services
from ppuri.graduate.forms import CompleteForm, InterestForm, MatchForm, MilestoneForm, NdaForm, ProjectForm
from ppuri.graduate.models import Project, ProjectInterest, Student
from ppuri.registry.models import Organization
from ppuri.registry.selectors import company_chosen, organizations_of


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.projects_visible_to(request.user).select_related("company", "technology")
    status = request.GET.get("status", "")
    if status in Project.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "graduate/project_list.html",
        {
            "projects": rows[:300],
            "statuses": Project.Status.choices,
            "status": status,
            "may_propose": roles.may_use_company_tools(request.user),
            "school": roles.runs_graduate_school(request.user),
        },
    )


def _own_cases(user: Any, company: Organization) -> Any:
    return challenges_visible_to(user).filter(company=company).order_by("-created_at")


@role_required(roles.may_use_company_tools)
def propose(request: HttpRequest) -> HttpResponse:
    company = company_chosen(
        request.user,
        request.POST.get("company") or request.GET.get("company"),
        refusal=_("소속 기업이 없습니다. 기업 담당자로 등록된 뒤에 제안할 수 있습니다."),
    )
    cases = _own_cases(request.user, company)
    initial: dict[str, Any] = {"confidentiality": Project.Confidentiality.PUBLIC}
    case_id = request.GET.get("challenge")
    if case_id and case_id.isdigit():
        case = cases.filter(pk=int(case_id)).first()
        if case is not None:
            initial.update(
                challenge=case.pk,
                title=case.title,
                problem=case.description,
                technology=case.technology_id,
                processes=[case.process_id] if case.process_id else [],
                # A confidential case stays behind an NDA as a project.
                confidentiality=Project.Confidentiality.NDA
                if case.is_confidential
                else Project.Confidentiality.PUBLIC,
            )
    form = ProjectForm(request.POST or None, initial=initial, challenges=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_propose(
                actor=request.user,
                data=services.ProjectInput(
                    company=company,
                    title=data["title"],
                    summary=data["summary"],
                    problem=data["problem"],
                    data_shared=data["data_shared"],
                    confidentiality=data["confidentiality"],
                    technology=data["technology"],
                    processes=list(data["processes"]),
                    mentor_name=data["mentor_name"],
                    mentor_title=data["mentor_title"],
                    challenge=data["challenge"],
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("과제를 제안했습니다. 대학원이 검토한 뒤 학생 모집을 시작합니다."))
            return redirect(project)
    companies = organizations_of(request.user).filter(kind=Organization.Kind.COMPANY)
    return render(
        request,
        "graduate/project_form.html",
        {"form": form, "company": company, "companies": companies},
        status=400 if form.errors else 200,
    )


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(
        selectors.projects_visible_to(request.user).select_related("company", "technology", "challenge"),
        pk=pk,
    )


def _interested(project: Project) -> Any:
    """The students the school may match by hand: studying, with their interest standing."""
    return Student.objects.filter(
        interests__project=project, interests__status=ProjectInterest.Status.SENT, status__in=Student.STUDYING
    )


def _context(request: HttpRequest, project: Project, **forms: Any) -> dict[str, Any]:
    user = request.user
    school = roles.runs_graduate_school(user)
    own_company = project.company_id in set(organizations_of(user).values_list("pk", flat=True))
    student = (
        Student.objects.filter(user=user.pk, status__in=Student.STUDYING).order_by("-cohort__year").first()
        if roles.is_seeker(user)
        else None
    )
    matches = (
        selectors.matches_visible_to(user)
        .filter(project=project)
        .select_related("student", "advisor__organization")
        .prefetch_related("milestones")
    )
    context: dict[str, Any] = {
        "project": project,
        "details": selectors.details_visible(user, project),
        "school": school,
        "own_company": own_company,
        "student": student,
        "matches": matches,
        "case_visible": project.challenge_id is not None
        and challenges_visible_to(user).filter(pk=project.challenge_id).exists(),
        "nda_terms": notice.NDA_TERMS,
        "may_publish_article": roles.is_operator(user)
        and project.status == Project.Status.DONE
        and project.publish_consent
        and project.outcome in (Project.Outcome.SOLVED, Project.Outcome.PARTLY)
        and not hasattr(project, "article"),
        "activity": activity_for_scope(scope=project.company, viewer=user, limit=20)
        if own_company or school
        else [],
    }
    if student is not None:
        context["my_interest"] = ProjectInterest.objects.filter(project=project, student=student).first()
        context["interest_form"] = forms.get("interest_form") or InterestForm()
        context["nda_form"] = NdaForm()
    if school:
        interested = _interested(project)
        context["interests"] = (
            selectors.interests_visible_to(user)
            .filter(project=project, status=ProjectInterest.Status.SENT)
            .select_related("student__cohort", "student__technology")
        )
        if project.status in (Project.Status.PUBLISHED, Project.Status.MATCHED):
            context["suggestions"] = matching.suggestions(project)
            context["match_form"] = forms.get("match_form") or MatchForm(students=interested)
        context["milestone_forms"] = {
            m.pk: MilestoneForm(
                initial={"planned_on": m.planned_on, "held_on": m.held_on, "state": m.state, "note": m.note},
                prefix=f"m{m.pk}",
            )
            for match in matches
            for m in match.milestones.all()
        }
        context["complete_form"] = forms.get("complete_form") or CompleteForm()
    return context


@login_required
def project(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    context = _context(request, the_project)
    if the_project.under_nda and context["details"]:  # a company's confidential problem was read
        access_record(request=request, target=the_project, kind=Kind.GRADUATE_PROJECT, action=Action.VIEW)
    return render(request, "graduate/project.html", context)


def _back(request: HttpRequest, project: Project, exc: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect(project)


def _step(request: HttpRequest, pk: int, step: Callable[..., Any], done: str) -> HttpResponse:
    """A button on the project's page: the service's refusal or `done` shown back on the page."""
    the_project = _project(request, pk)
    try:
        step(actor=request.user, project=the_project)
    except ValidationError as exc:
        return _back(request, the_project, exc)
    messages.success(request, done)
    return redirect(the_project)


@role_required(roles.runs_graduate_school)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.project_publish, _("학생 모집을 시작했습니다."))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.project_withdraw, pgettext("graduate project", "과제를 철회했습니다."))


@login_required
@require_POST
def nda(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    if not NdaForm(request.POST).is_valid():
        messages.error(request, _("비밀유지 조건에 동의해야 과제의 세부 내용을 볼 수 있습니다."))
        return redirect(the_project)
    try:
        services.nda_accept(actor=request.user, project=the_project)
    except ValidationError as exc:
        return _back(request, the_project, exc)
    messages.success(request, _("비밀유지 조건에 동의했습니다."))
    return redirect(the_project)


@login_required
@require_POST
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.interest_express(
                actor=request.user, project=the_project, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("관심을 표명했습니다. 대학원이 배정을 정하면 알려 드립니다."))
            return redirect(the_project)
    return render(
        request, "graduate/project.html", _context(request, the_project, interest_form=form), status=400
    )


@role_required(roles.runs_graduate_school)
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    form = MatchForm(request.POST, students=_interested(the_project))
    if form.is_valid():
        try:
            services.match_create(
                actor=request.user,
                project=the_project,
                student=form.cleaned_data["student"],
                advisor=form.cleaned_data["advisor"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("학생과 지도교수를 배정했습니다."))
            return redirect(the_project)
    return render(
        request, "graduate/project.html", _context(request, the_project, match_form=form), status=400
    )


@role_required(roles.runs_graduate_school)
@require_POST
def milestone(request: HttpRequest, pk: int) -> HttpResponse:
    the_milestone = get_object_or_404(
        selectors.milestones_visible_to(request.user).select_related("match__project"), pk=pk
    )
    the_project = the_milestone.match.project
    form = MilestoneForm(request.POST, prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(
            request, _("심사 정보를 확인해 주세요: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect(the_project)
    try:
        services.milestone_update(actor=request.user, milestone=the_milestone, **form.cleaned_data)
    except ValidationError as exc:
        return _back(request, the_project, exc)
    messages.success(request, _("심사를 기록했습니다."))
    return redirect(the_project)


@role_required(roles.runs_graduate_school)
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.project_complete(actor=request.user, project=the_project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("과제를 완료로 기록했습니다."))
            return redirect(the_project)
    return render(
        request, "graduate/project.html", _context(request, the_project, complete_form=form), status=400
    )


@login_required
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    the_project = _project(request, pk)
    try:
        services.project_publish_consent(
            actor=request.user, project=the_project, consent=request.POST.get("consent") == "yes"
        )
    except ValidationError as exc:
        return _back(request, the_project, exc)
    messages.success(request, _("사례 공개 여부를 저장했습니다."))
    return redirect(the_project)
