"""A student's page (the school, the student, their advisor and the companies they work with see it;
the forms are the school's) and a student's own record (/graduate/me/)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.forms import add_service_errors
from ppuri.graduate import notice, selectors, services
from ppuri.graduate.forms import InternshipForm, PlacementForm, StatusForm, StudentRequestForm
from ppuri.graduate.models import Student


def _student(request: HttpRequest, pk: int) -> Student:
    return get_object_or_404(
        selectors.students_visible_to(request.user).select_related(
            "cohort", "technology", "advisor__organization", "sponsor", "user"
        ),
        pk=pk,
    )


def _projects_of(student: Student) -> Any:
    from ppuri.graduate.models import Project

    return Project.objects.filter(matches__student=student)


def _page(request: HttpRequest, student: Student, **forms: Any) -> dict[str, Any]:
    school = roles.runs_graduate_school(request.user)
    own = student.user_id == request.user.pk
    matches = (
        selectors.matches_visible_to(request.user)
        .filter(student=student)
        .select_related("project__company", "advisor")
        .prefetch_related("milestones")
    )
    context: dict[str, Any] = {
        "student": student,
        # Only the school and the student read the name whole; the companies and the advisor too,
        # as those the student works with.
        "name": student.name,
        "school": school,
        "own": own,
        "matches": matches,
        "internships": selectors.internships_visible_to(request.user)
        .filter(student=student)
        .select_related("company", "project"),
        "placements": selectors.placements_visible_to(request.user)
        .filter(student=student)
        .select_related("employer", "complex"),
    }
    if school:
        context["status_form"] = forms.get("status_form") or StatusForm(initial={"status": student.status})
        context["internship_form"] = forms.get("internship_form") or InternshipForm(
            projects=_projects_of(student), viewer=request.user
        )
        first_company = next((m.project.company for m in matches), student.sponsor)
        context["placement_form"] = forms.get("placement_form") or PlacementForm(
            viewer=request.user, initial={"employer_choice": first_company.pk if first_company else None}
        )
    return context


def student(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    the_student = _student(request, pk)
    if the_student.user_id != request.user.pk:
        access_record(request=request, target=the_student, kind=Kind.GRADUATE_STUDENT, action=Action.VIEW)
    return render(request, "graduate/student.html", _page(request, the_student))


def _errors_or_back(request: HttpRequest, student: Student, form_name: str, form: Any) -> HttpResponse:
    return render(request, "graduate/student.html", _page(request, student, **{form_name: form}), status=400)


@role_required(roles.runs_graduate_school)
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    the_student = _student(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.student_status_set(
                actor=request.user,
                student=the_student,
                status=form.cleaned_data["status"],
                day=form.cleaned_data["day"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("학적 상태를 바꿨습니다."))
            return redirect(the_student)
    return _errors_or_back(request, the_student, "status_form", form)


@role_required(roles.runs_graduate_school)
@require_POST
def internship(request: HttpRequest, pk: int) -> HttpResponse:
    the_student = _student(request, pk)
    form = InternshipForm(request.POST, projects=_projects_of(the_student), viewer=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("company") is None:
            form.add_error(
                "company_choice", _("기업을 고르거나 다른 등록 기업의 이름이나 번호를 입력해 주세요.")
            )
        else:
            try:
                services.internship_record(
                    actor=request.user,
                    student=the_student,
                    company=data["company"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    project=data["project"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("현장실습을 기록했습니다."))
                return redirect(the_student)
    return _errors_or_back(request, the_student, "internship_form", form)


@role_required(roles.runs_graduate_school)
@require_POST
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    the_student = _student(request, pk)
    form = PlacementForm(request.POST, viewer=request.user)
    form.service_fields = {"employer": "employer_choice"}  # type: ignore[attr-defined]
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_record(
                actor=request.user,
                student=the_student,
                survey=data["survey"],
                outcome=data["outcome"],
                employer=data.get("employer"),
                employer_name=data["employer_name"],
                site=data["site"],
                root_industry=data["root_industry"],
                complex=data["complex"],
                role=data["role"],
                hired_on=data["hired_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("진로를 기록했습니다."))
            return redirect(the_student)
    return _errors_or_back(request, the_student, "placement_form", form)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A student's own records, the consent to a record the school made, or (a seeker without one)
    the request to be recognised as a student."""
    records = (
        selectors.students_visible_to(request.user)
        .filter(user=request.user.pk)
        .select_related("cohort", "technology", "advisor", "sponsor")
    )
    form = None
    if roles.is_seeker(request.user):
        form = StudentRequestForm(
            request.POST or None, initial={"name": getattr(request.user, "display_name", "")}
        )
        if request.method == "POST" and request.POST.get("action") == "consent":
            chosen = request.POST.get("student", "")
            record = get_object_or_404(records, pk=int(chosen) if chosen.isdigit() else 0)
            services.student_consent(actor=request.user, student=record)
            messages.success(request, _("동의를 기록했습니다."))
            return redirect("graduate:me")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.student_request(
                    actor=request.user,
                    cohort=data["cohort"],
                    name=data["name"],
                    technology=data["technology"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("학생 확인을 요청했습니다. 학교가 확인하면 알려 드립니다."))
                return redirect("graduate:me")
    open_projects = (
        selectors.projects_visible_to(request.user).filter(status="published").select_related("company")
        if selectors.is_student(request.user)
        else []
    )
    return render(
        request,
        "graduate/me.html",
        {
            "records": records,
            "form": form,
            "notice": notice,
            "open_projects": open_projects,
        },
        status=400 if form is not None and form.errors else 200,
    )
