"""/programs/: the agreements, projects and matchmaking days a visitor may see, and for the programme's
staff the pipeline and the visits' open follow-ups."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ppuri.accounts.roles import runs_programs
from ppuri.core import clock
from ppuri.programs.models import Event, FollowUp, Lead
from ppuri.programs.selectors import visibility
from ppuri.programs.selectors.agreements import agreement_rows
from ppuri.programs.selectors.projects import project_rows


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {
        "agreements": agreement_rows(user=user),
        "projects": project_rows(user=user),
        "events": visibility.events_visible_to(user)
        .exclude(status=Event.Status.DRAFT)
        .order_by("-held_on")[:5],
        "staff": runs_programs(user),
    }
    if runs_programs(user):
        stages = dict(
            visibility.leads_visible_to(user)
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        context["pipeline"] = [(label, stages.get(value, 0)) for value, label in Lead.Stage.choices]
        open_follow_ups = visibility.follow_ups_visible_to(user).filter(status=FollowUp.Status.OPEN)
        context["open_follow_ups"] = open_follow_ups.count()
        context["overdue_follow_ups"] = open_follow_ups.filter(due_on__lt=clock.today()).count()
        context["recent_visits"] = visibility.visits_visible_to(user).select_related("organization")[:5]
    return render(request, "programs/index.html", context)


urlpatterns = [path("", index, name="index")]
