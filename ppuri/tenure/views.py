"""The company's tenure page: its hires (from the jobs app and incentive cases), each milestone to
confirm, and a separation to record. Operators and the labor office see every company's."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.text import mask_name
from ppuri.tenure import selectors, services
from ppuri.tenure.models import SeparationReason


def _may_use(user: Any) -> bool:
    return roles.may_use_company_tools(user) or roles.may_review_incentives(user)


@role_required(_may_use)
def employments(request: HttpRequest) -> HttpResponse:
    rows = (
        selectors.employments_visible_to(request.user)
        .select_related("company", "site", "person", "incentive_case__application")
        .prefetch_related("confirmations")[:300]
    )
    listed = []
    for employment in rows:
        case = getattr(employment, "incentive_case", None)
        name = case.application.person_name if case is not None else (str(employment.person or ""))
        listed.append(
            {
                "employment": employment,
                "who": mask_name(name) if name else "—",
                "milestones": selectors.milestones_of(employment),
            }
        )
    return render(request, "tenure/employments.html", {"rows": listed, "reasons": SeparationReason.choices})


def _employment(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.employments_visible_to(request.user), pk=pk)


@role_required(_may_use)
@require_POST
def confirm(request: HttpRequest, pk: int, milestone: str) -> HttpResponse:
    try:
        services.milestone_confirm(
            actor=request.user, employment=_employment(request, pk), milestone=milestone
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("재직을 확인했습니다."))
    return redirect("tenure:employments")


@role_required(_may_use)
@require_POST
def separation(request: HttpRequest, pk: int) -> HttpResponse:
    from datetime import date

    try:
        day = date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("퇴사일을 YYYY-MM-DD로 입력해 주세요."))
        return redirect("tenure:employments")
    try:
        services.employment_separate(
            actor=request.user,
            employment=_employment(request, pk),
            separated_on=day,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("퇴사를 기록했습니다."))
    return redirect("tenure:employments")
