"""Pages of the investment pipeline (the Seobu free-economic-zone bid's leads): the pipeline by stage,
a lead with its history, stage change and suggested partners, and the lead's form. The programme's
staff only: others get a 403, anonymous visitors the login page (accounts.roles.role_required)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts.roles import role_required, runs_programs
from ppuri.core import clock
from ppuri.core.forms import add_service_errors
from ppuri.programs.forms.investment import LeadForm, StageForm, lead_initial
from ppuri.programs.models import Lead
from ppuri.programs.partners import partners_for_lead
from ppuri.programs.selectors import investment as selectors
from ppuri.programs.services import investment as services


@role_required(runs_programs)
def leads(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/investment/leads.html",
        {
            "pipeline": selectors.pipeline(user=request.user),
            "board": selectors.leads_by_stage(user=request.user),
            "today": clock.today(),
        },
    )


@role_required(runs_programs)
def lead_create(request: HttpRequest) -> HttpResponse:
    form = LeadForm(request.POST or None, viewer=request.user, initial={"officer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.lead_create(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("투자 유치 대상을 등록했습니다."))
            return redirect(lead)
    return render(
        request,
        "programs/investment/lead_form.html",
        {"form": form, "lead": None},
        status=400 if form.errors else 200,
    )


def _next_stage(lead: Lead) -> str:
    """The stage a lead usually moves to next: the form's first choice."""
    stages: list[str] = [*Lead.OPEN_STAGES, Lead.Stage.INVESTED]
    return stages[stages.index(lead.stage) + 1] if lead.stage in Lead.OPEN_STAGES else Lead.Stage.CONTACT


def _lead_page(request: HttpRequest, lead: Lead, stage_form: StageForm | None = None) -> HttpResponse:
    return render(
        request,
        "programs/investment/lead.html",
        {
            "lead": lead,
            "summary": selectors.lead_summary(lead),
            "usd": selectors.usd_text(lead.investment_usd),
            "krw": selectors.krw_text(lead.investment_krw),
            "stale": lead.stage in Lead.OPEN_STAGES
            and lead.next_step_on is not None
            and lead.next_step_on < clock.today(),
            "history": selectors.lead_history(user=request.user, lead=lead),
            "stage_form": stage_form or StageForm(initial={"stage": _next_stage(lead)}),
            "partners": partners_for_lead(lead),
            "technologies": list(lead.technologies.all()),
        },
        status=400 if stage_form is not None and stage_form.errors else 200,
    )


@role_required(runs_programs)
def lead(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_page(request, selectors.lead_get_for_user(user=request.user, pk=pk))


@role_required(runs_programs)
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    the_lead = selectors.lead_get_for_user(user=request.user, pk=pk)
    form = LeadForm(request.POST or None, viewer=request.user, initial=lead_initial(the_lead))
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_update(actor=request.user, lead=the_lead, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("투자 유치 대상을 고쳤습니다."))
            return redirect(the_lead)
    return render(
        request,
        "programs/investment/lead_form.html",
        {"form": form, "lead": the_lead},
        status=400 if form.errors else 200,
    )


@role_required(runs_programs)
@require_POST
def lead_stage(request: HttpRequest, pk: int) -> HttpResponse:
    the_lead = selectors.lead_get_for_user(user=request.user, pk=pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.lead_stage_set(actor=request.user, lead=the_lead, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("단계를 옮겼습니다."))
            return redirect(the_lead)
    return _lead_page(request, the_lead, stage_form=form)


urlpatterns = [
    path("leads/", leads, name="leads"),
    path("leads/new/", lead_create, name="lead_create"),
    path("leads/<int:pk>/", lead, name="lead"),
    path("leads/<int:pk>/edit/", lead_edit, name="lead_edit"),
    path("leads/<int:pk>/stage/", lead_stage, name="lead_stage"),
]
