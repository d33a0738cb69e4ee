"""Pages of the youth incentive. Every object comes through incentives.selectors; every write through
incentives.services.

Everyone: the programmes and their rules. Companies: apply for a hire, hand the consent link to the
person, confirm tenure with evidence, record a separation. The labor office: the queue, decisions,
payments. Operators: programmes. The young person: their case, by the consent link. The city and the
public: retention and programme sums, small counts suppressed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core import clock
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.activity import activity_for_scope
from ppuri.core.disclosure import LEGEND, SMALL_COUNT
from ppuri.core.files import download
from ppuri.core.forms import add_service_errors
from ppuri.incentives import notice, selectors, services
from ppuri.incentives.forms import ApplicationForm, EvidenceForm, ProgramForm, RejectForm, SeparationForm
from ppuri.incentives.models import IncentiveApplication
from ppuri.registry.models import Organization
from ppuri.registry.selectors import company_chosen, organizations_of
from ppuri.tenure import retention
from ppuri.tenure.selectors import milestones_of
from ppuri.tenure.services import employment_separate


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def program_list(request: HttpRequest) -> HttpResponse:
    programs = selectors.programs_visible_to(request.user).prefetch_related("complexes")
    return render(
        request,
        "incentives/program_list.html",
        {"programs": programs, "may_create": roles.is_operator(request.user)},
    )


@role_required(roles.is_operator)
def program_create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, data=form.program_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("장려금 사업을 만들었습니다."))
            return redirect(program)
    return render(request, "incentives/program_form.html", {"form": form})


def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(
        selectors.programs_visible_to(request.user).prefetch_related("complexes"), pk=pk
    )
    the_ledger = selectors.ledger(program) if roles.sees_programme_money(request.user) else None
    return render(
        request,
        "incentives/program_detail.html",
        {
            "program": program,
            "ledger": the_ledger,
            "forecast": selectors.forecast(program, the_ledger=the_ledger) if the_ledger else None,
            "may_apply": roles.may_use_company_tools(request.user) and program.accepting,
            "queue_size": selectors.queue(program).count()
            if roles.may_review_incentives(request.user)
            else None,
        },
    )


def _company_for(request: HttpRequest) -> Organization:
    return company_chosen(
        request.user,
        request.POST.get("company") or request.GET.get("company"),
        refusal=_("소속 기업이 없습니다. 기업 담당자로 등록된 뒤에 신청할 수 있습니다."),
    )


@role_required(roles.may_use_company_tools)
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(selectors.programs_visible_to(request.user), pk=pk)
    company = _company_for(request)
    form = ApplicationForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            application, token = services.application_submit(
                actor=request.user, data=form.application_input(program=program, company=company)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The link is shown once, here: only its hash is kept.
            link = request.build_absolute_uri(reverse("incentives:consent", args=[token]))
            return render(
                request,
                "incentives/submitted.html",
                {"application": application, "link": link, "checks": selectors.checks_explained(application)},
            )
    companies = organizations_of(request.user).filter(kind=Organization.Kind.COMPANY)
    return render(
        request,
        "incentives/apply.html",
        {
            "form": form,
            "program": program,
            "company": company,
            "companies": companies,
            "notice": notice.INCENTIVE,
        },
    )


@role_required(roles.may_use_company_tools)
def my_applications(request: HttpRequest) -> HttpResponse:
    rows = selectors.applications_visible_to(request.user).select_related("program", "company")
    return render(
        request, "incentives/my_applications.html", {"applications": rows.order_by("-created_at")[:200]}
    )


@role_required(roles.may_review_incentives)
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "incentives/queue.html", {"applications": selectors.queue()[:500]})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    access_record(request=request, target=application, kind=Kind.INCENTIVE, action=Action.VIEW)
    case = (
        getattr(application, "case", None)
        if application.status == IncentiveApplication.Status.APPROVED
        else None
    )
    reviewer = roles.may_review_incentives(request.user)
    company_side = (
        roles.is_operator(request.user)
        or organizations_of(request.user).filter(pk=application.company_id).exists()
    )
    return render(
        request,
        "incentives/application_detail.html",
        {
            "application": application,
            "person": selectors.person_view(application, full=True),
            "checks": selectors.checks_explained(application),
            "case": case,
            "installments": list(case.installments.prefetch_related("evidence")) if case else [],
            "milestones": milestones_of(case.employment) if case else [],
            "employment": case.employment if case else None,
            "evidence": application.evidence.all(),
            "waitlist_position": selectors.waitlist_position(application),
            "reviewer": reviewer,
            "company_side": company_side,
            "today": clock.today(),
            "reject_form": RejectForm(),
            "evidence_form": EvidenceForm(),
            "separation_form": SeparationForm(),
            "activity": activity_for_scope(scope=application.company, viewer=request.user, limit=20)
            if reviewer
            else [],
        },
    )


def _back(application: IncentiveApplication) -> HttpResponse:
    return redirect(application)


@role_required(roles.may_review_incentives)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    try:
        services.application_approve(actor=request.user, application=application)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("승인했습니다. 지급 일정이 예산에 약정되었습니다."))
    return _back(application)


@role_required(roles.may_review_incentives)
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("반려 사유를 입력해 주세요."))
        return _back(application)
    try:
        services.application_reject(
            actor=request.user, application=application, reason=form.cleaned_data["reason"]
        )
    except services.Refused as refused:
        messages.error(request, refused.message)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("반려했습니다."))
    return _back(application)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    installment = None
    if request.POST.get("installment"):
        installment = get_object_or_404(
            selectors.installments_visible_to(request.user),
            pk=request.POST["installment"],
            case__application=application,
        )
    if not form.is_valid():
        messages.error(request, _("서류 종류와 파일을 고르세요."))
        return _back(application)
    try:
        services.evidence_add(
            actor=request.user,
            application=application,
            upload=form.cleaned_data["file"],
            document=form.cleaned_data["document"],
            installment=installment,
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("증빙을 올렸습니다."))
    return _back(application)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    return download(request, evidence)


_STEPS = {
    "recovered": (services.installment_recovered, _("환수 완료로 기록했습니다.")),
    "confirm": (services.installment_confirm, _("재직을 확인했습니다. 고용노동청의 지급 승인을 기다립니다.")),
    "approve": (services.installment_approve, _("지급을 승인했습니다.")),
    "pay": (services.installment_pay, _("지급 완료로 기록했습니다.")),
}


@login_required
@require_POST
def installment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    installment = get_object_or_404(
        selectors.installments_visible_to(request.user).select_related("case__application"), pk=pk
    )
    if step not in _STEPS:
        raise PermissionDenied
    action, done = _STEPS[step]
    try:
        action(actor=request.user, installment=installment)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return _back(installment.case.application)


@login_required
@require_POST
def separation(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    case = getattr(application, "case", None)
    if case is None:
        raise PermissionDenied
    form = SeparationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("퇴사일과 사유를 입력해 주세요."))
        return _back(application)
    try:
        employment_separate(
            actor=request.user,
            employment=case.employment,
            separated_on=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("퇴사를 기록했습니다. 이후 분할 지급은 중단됩니다."))
    return _back(application)


def consent(request: HttpRequest, token: str) -> HttpResponse:
    """The young person's page, by the link the company handed them: what is asked and why, every rule
    and its verdict, the consent; afterwards the case's status and installments."""
    application = services.applications.application_for_token(token)
    if application is None:
        return render(request, "incentives/consent_invalid.html", status=404)
    error = ""
    if request.method == "POST":
        try:
            application = services.application_consent(token=token, agree=request.POST.get("agree") == "1")
        except ValidationError as exc:
            error = _errors(exc)
        else:
            messages.success(request, _("동의했습니다. 고용노동청의 심사를 기다립니다."))
            return redirect(request.path)
    case = (
        getattr(application, "case", None)
        if application.status == IncentiveApplication.Status.APPROVED
        else None
    )
    response = render(
        request,
        "incentives/consent.html",
        {
            "application": application,
            "checks": selectors.checks_explained(application),
            "notice": notice.INCENTIVE,
            "case": case,
            "installments": list(case.installments.all()) if case else [],
            "error": error,
        },
    )
    # The link is the key: never sent on to another site ("no-referrer" would also blank the Origin
    # of its own form, which CSRF protection then refuses).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def retention_page(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "complex")
    if by not in retention.GROUPINGS:
        by = "complex"
    exact = roles.sees_small_counts(request.user)
    groups = selectors.retention_curves(by=by, exact=exact)
    return render(
        request,
        "incentives/retention.html",
        {
            "groups": groups,
            "by": by,
            "groupings": [
                ("complex", _("산업단지")),
                ("technology", _("뿌리기술")),
                ("incentive", _("장려금 참여")),
                ("cohort", _("입사 연도")),
                ("all", _("전체")),
            ],
            "months": retention.REPORT_MONTHS,
            "legend": None if exact else LEGEND,
            "small": SMALL_COUNT,
            "today": clock.today(),
        },
    )
