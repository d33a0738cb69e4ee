"""The overview every visitor may read (cohorts against their targets, placement, projects: the
aggregates, small counts suppressed but for the school), and the school's cohort pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.disclosure import LEGEND
from ppuri.core.forms import add_service_errors
from ppuri.graduate import selectors, services
from ppuri.graduate.forms import CohortForm, EnrolForm
from ppuri.graduate.models import Cohort, Student


def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    school = roles.runs_graduate_school(user)
    return render(
        request,
        "graduate/overview.html",
        {
            "cohorts": selectors.cohort_figures(user),
            "placements": selectors.placement_figures(user),
            "projects": selectors.projects_figures(user),
            "legend": LEGEND,
            "school": school,
            "pending": selectors.students_visible_to(user)
            .filter(status=Student.Status.PENDING)
            .select_related("cohort")
            if school
            else [],
        },
    )


@role_required(roles.runs_graduate_school)
def cohort(request: HttpRequest, year: int) -> HttpResponse:
    the_cohort = get_object_or_404(Cohort, year=year)
    students = (
        selectors.students_visible_to(request.user)
        .filter(cohort=the_cohort)
        .select_related("technology", "advisor", "sponsor", "user")
    )
    counts = {status: 0 for status in Student.Status.values}
    for student in students:
        counts[student.status] += 1
    return render(
        request,
        "graduate/cohort.html",
        {
            "cohort": the_cohort,
            "students": students,
            "counts": [(Student.Status(s).label, n) for s, n in counts.items()],
            "form": EnrolForm(viewer=request.user),
        },
    )


@role_required(roles.runs_graduate_school)
def cohort_save(request: HttpRequest, year: int | None = None) -> HttpResponse:
    existing = get_object_or_404(Cohort, year=year) if year is not None else None
    initial = (
        {
            "year": existing.year,
            "target": existing.target,
            "starts_on": existing.starts_on,
            "note": existing.note,
        }
        if existing
        else None
    )
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.cohort_save(
                actor=request.user,
                year=data["year"],
                target=data["target"],
                starts_on=data["starts_on"],
                note=data["note"],
                cohort=existing,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("기수를 저장했습니다."))
            return redirect(saved)
    return render(request, "graduate/cohort_form.html", {"form": form, "cohort": existing})


@role_required(roles.runs_graduate_school)
@require_POST
def enrol(request: HttpRequest, year: int) -> HttpResponse:
    the_cohort = get_object_or_404(Cohort, year=year)
    form = EnrolForm(request.POST, viewer=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.student_enrol(
                actor=request.user,
                cohort=the_cohort,
                name=data["name"],
                email=data["email"],
                technology=data["technology"],
                processes=list(data["processes"]),
                sponsor=data["sponsor"],
                advisor=data["advisor"],
                expected_graduation=data["expected_graduation"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("학생을 등록했습니다."))
            return redirect(the_cohort)
    students = selectors.students_visible_to(request.user).filter(cohort=the_cohort)
    return render(
        request,
        "graduate/cohort.html",
        {"cohort": the_cohort, "students": students, "counts": [], "form": form},
        status=400,
    )
