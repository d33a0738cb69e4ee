"""Pages of company visits (BRE): the staff's recent visits and open follow-ups (a company's members:
their own companies' visits), logging a visit, a visit's page (what each viewer may see comes from
selectors.visits.visit_view_for), a follow-up's page and its actions (route, done, cancel)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts.roles import is_company_staff, role_required, runs_programs
from ppuri.core import clock
from ppuri.core.activity import activity_for_scope
from ppuri.core.forms import add_service_errors
from ppuri.programs.forms.investment import companies_for
from ppuri.programs.forms.visits import FollowUpCloseForm, VisitForm
from ppuri.programs.models import FollowUp
from ppuri.programs.selectors import visits as selectors
from ppuri.programs.services import visits as services


def _staff_or_company(user: Any) -> bool:
    return runs_programs(user) or is_company_staff(user)


@role_required(_staff_or_company)
def visits(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = runs_programs(user)
    context: dict[str, Any] = {"staff": staff, "today": clock.today()}
    if staff:
        context["visits"] = selectors.visits_recent(user=user)
        context["follow_ups"] = selectors.follow_ups_open(user=user)
    else:
        context["visits"] = selectors.visits_for_company_members(user)
    return render(request, "programs/visits/visits.html", context)


@role_required(runs_programs)
def visit_create(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("organization", "")
    company = None
    if chosen.isdigit():
        company = companies_for(request.user).filter(pk=int(chosen)).first()
    form = VisitForm(
        request.POST or None, viewer=request.user, chosen=company, initial={"visited_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_log(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            count = visit.follow_ups.count()
            messages.success(
                request, _("방문을 기록했습니다. 후속 조치 %(n)d건이 생겼습니다.") % {"n": count}
            )
            return redirect(visit)
    return render(
        request,
        "programs/visits/visit_form.html",
        {"form": form, "company": company},
        status=400 if form.errors else 200,
    )


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who may know of the visit: the staff and the visited company's members (a 404 for every
    other signed-in user, so a visit's existence is not told; anonymous visitors log in first)."""
    the_visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    view = selectors.visit_view_for(request.user, the_visit)
    context: dict[str, Any] = {"view": view, "visit": the_visit}
    if view.staff:
        context["follow_up_rows"] = [(f, selectors.may_route(request.user, f)) for f in view.follow_ups]
        context["activity"] = activity_for_scope(scope=the_visit, viewer=request.user, limit=20)
    return render(request, "programs/visits/visit.html", context)


def _follow_up_page(
    request: HttpRequest, follow_up: FollowUp, form: FollowUpCloseForm | None = None
) -> HttpResponse:
    return render(
        request,
        "programs/visits/follow_up.html",
        {
            "follow_up": follow_up,
            "visit": follow_up.visit,
            "may_route": selectors.may_route(request.user, follow_up),
            "routable": follow_up.kind in selectors.ROUTABLE,
            "routed": selectors.follow_up_routed(follow_up),
            "close_form": form or FollowUpCloseForm(),
            "overdue": follow_up.status == FollowUp.Status.OPEN and follow_up.due_on < clock.today(),
        },
        status=400 if form is not None and form.errors else 200,
    )


@role_required(runs_programs)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _follow_up_page(request, selectors.follow_up_get_for_staff(user=request.user, pk=pk))


@role_required(runs_programs)
@require_POST
def follow_up_route(request: HttpRequest, pk: int) -> HttpResponse:
    the_follow_up = selectors.follow_up_get_for_staff(user=request.user, pk=pk)
    try:
        routed = services.follow_up_route(actor=request.user, follow_up=the_follow_up)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programs:follow_up", pk=pk)
    messages.success(request, routed.result or _("후속 조치를 연결했습니다."))
    return redirect("programs:follow_up", pk=pk)


def _close(request: HttpRequest, pk: int, service: Callable[..., FollowUp], done: str) -> HttpResponse:
    the_follow_up = selectors.follow_up_get_for_staff(user=request.user, pk=pk)
    form = FollowUpCloseForm(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, follow_up=the_follow_up, result=form.cleaned_data["result"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("programs:follow_up", pk=pk)
    return _follow_up_page(request, the_follow_up, form)


@role_required(runs_programs)
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, services.follow_up_done, _("후속 조치를 완료로 기록했습니다."))


@role_required(runs_programs)
@require_POST
def follow_up_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, services.follow_up_cancel, _("후속 조치를 취소했습니다."))


urlpatterns = [
    path("visits/", visits, name="visits"),
    path("visits/new/", visit_create, name="visit_create"),
    path("visits/<int:pk>/", visit, name="visit"),
    path("follow-ups/<int:pk>/", follow_up, name="follow_up"),
    path("follow-ups/<int:pk>/route/", follow_up_route, name="follow_up_route"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:pk>/cancel/", follow_up_cancel, name="follow_up_cancel"),
]
