"""Pages of talent. Every object comes through a selector that checks who may see it; every write
through a service that checks who may do it.

Public: the postings with facets, a posting. Seekers: their profile, their matches with reasons and
what to learn next, their applications and the companies' invitations. Companies: their postings,
a posting's applicants and its matches among discoverable seekers, an application's stages.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.activity import activity_for_scope
from ppuri.core.forms import add_service_errors
from ppuri.core.text import mask_name
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import company_chosen, organizations_of
from ppuri.talent import matching, notice, selectors, services
from ppuri.talent.facts import job_facts, seeker_facts
from ppuri.talent.forms import (
    ApplyForm,
    InterestForm,
    JobForm,
    ProfileForm,
    StageForm,
    WageArrearsClearForm,
    WageArrearsForm,
)
from ppuri.talent.models import Application, EmploymentType, JobPosting, SeekerProfile, Shift


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- public -------------------------------------------------------------------------------------------


def _facet(request: HttpRequest, name: str) -> list[str]:
    return [value for value in request.GET.getlist(name) if value][:20]


def job_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.JobFilters(
        technology=_facet(request, "technology"),
        process=_facet(request, "process"),
        complex=_facet(request, "complex"),
        qualification=_facet(request, "qualification"),
        shift=[s for s in _facet(request, "shift") if s in Shift.values],
        employment_type=[t for t in _facet(request, "employment_type") if t in EmploymentType.values],
        wage_at_least=_wage(request.GET.get("wage_at_least")),
    )
    jobs = selectors.job_filter(filters).select_related("company", "technology", "complex")
    jobs = jobs.prefetch_related("required_qualifications").order_by("-opened_at", "-id")
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/job_list.html",
        {
            "page": page,
            "filters": filters,
            "technologies": Technology.objects.all(),
            "complexes": Complex.objects.all(),
            # Only the values that open postings use, so no box leads to an empty list.
            "processes": Process.objects.filter(pk__in=selectors.public_jobs().values("processes")),
            "qualifications": Qualification.objects.filter(
                Q(pk__in=selectors.public_jobs().values("required_qualifications"))
                | Q(pk__in=selectors.public_jobs().values("preferred_qualifications"))
            ),
            "shifts": Shift.choices,
            "employment_types": EmploymentType.choices,
            "wage_bands": [2_500_000, 3_000_000, 3_500_000, 4_000_000],
            "query": request.GET.urlencode(),
        },
    )


def _wage(value: str | None) -> int | None:
    try:
        wage = int(value or "")
    except ValueError:
        return None
    return wage if 0 <= wage <= 100_000_000 else None


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    return _job_page(request, job)


def _job_page(request: HttpRequest, job: JobPosting, **forms: Any) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "job": job,
        "editable": selectors.job_editable_by(user=user, job=job),
        "wage_arrears": None,
        "notice": notice.CONTACT,
    }
    if context["editable"]:
        context["wage_arrears"] = selectors.standing_wage_arrears(company_id=job.company_id)
        context["activity"] = _activity_entries(job, user)
        # Names masked in the list (each application's page shows the whole and is recorded).
        context["applications"] = [
            (a, mask_name(str(a.seeker)))
            for a in job.applications.select_related("seeker").order_by("-created_at")
        ]
    if roles.is_seeker(user):
        profile = selectors.profile_of(user)
        context["profile"] = profile
        context["application"] = Application.objects.filter(job=job, seeker_id=user.pk).first()
        if profile is not None and job.status == JobPosting.Status.OPEN:
            (seeker,) = seeker_facts(SeekerProfile.objects.filter(pk=profile.pk))
            (facts,) = job_facts(JobPosting.objects.filter(pk=job.pk))
            found = matching.score(facts, seeker)
            names = selectors.vocabulary()
            context["match"] = {
                "score": found.score,
                "reasons": matching.reasons(found, names),
                "missing": matching.missing(found, names),
            }
        context["apply_form"] = forms.get("apply_form") or ApplyForm()
    return render(request, "talent/job_detail.html", context)


def _activity_entries(job: JobPosting, viewer: Any) -> list[dict[str, Any]]:
    """The posting's change log for its company: who (a seeker by a masked name, as in every list)
    and what, in the reader's language."""

    def who(actor: Any) -> str:
        if actor is None:
            return _("시스템")
        return mask_name(str(actor)) if roles.is_seeker(actor) else str(actor)

    return [
        {"created_at": entry.created_at, "who": who(entry.actor), "summary": entry.summary_for_reader}
        for entry in activity_for_scope(scope=job, viewer=viewer)
    ]


# --- companies ----------------------------------------------------------------------------------------


@role_required(roles.may_post_jobs)
def my_jobs(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_of_companies(request.user).select_related("technology", "complex")
    return render(
        request,
        "talent/my_jobs.html",
        {"jobs": jobs.order_by("-created_at"), "organizations": organizations_of(request.user)},
    )


def _company_for(request: HttpRequest) -> Organization:
    return company_chosen(request.user, request.POST.get("company") or request.GET.get("company"))


@role_required(roles.may_post_jobs)
def job_create(request: HttpRequest) -> HttpResponse:
    company = _company_for(request)
    form = JobForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(actor=request.user, company=company, data=form.job_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("공고를 저장했습니다(작성 중). 내용을 확인한 뒤 게시하세요."))
            return redirect(job)
    companies = organizations_of(request.user).filter(kind=Organization.Kind.COMPANY)
    return render(request, "talent/job_form.html", {"form": form, "company": company, "companies": companies})


@login_required
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_edit(user=request.user, pk=pk)
    form = JobForm(request.POST or None, company=job.company, job=job, initial=JobForm.initial_from(job))
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(actor=request.user, job=job, data=form.job_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("공고를 고쳤습니다."))
            return redirect(job)
    return render(request, "talent/job_form.html", {"form": form, "company": job.company, "job": job})


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    job = selectors.job_get_for_edit(user=request.user, pk=pk)
    try:
        action(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect(job)


@login_required
@require_POST
def job_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.job_open, _("공고를 게시했습니다."))


@login_required
@require_POST
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    filled = request.POST.get("filled") == "1"

    def close(*, actor: Any, job: JobPosting) -> JobPosting:
        return services.job_close(actor=actor, job=job, filled=filled)

    return _act(request, pk, close, _("채용을 마쳤습니다.") if filled else _("공고를 마감했습니다."))


@login_required
def job_matches(request: HttpRequest, pk: int) -> HttpResponse:
    return _matches_page(request, selectors.job_get_for_edit(user=request.user, pk=pk))


def _matches_page(
    request: HttpRequest, job: JobPosting, form: InterestForm | None = None, invite_for: int | None = None
) -> HttpResponse:
    """The company's view of discoverable seekers for one posting, with the same reasons the seekers
    read, masked until a seeker applies or accepts an invitation. A refused invitation comes back with
    its form beside its seeker."""
    found = selectors.matches_for_job(job=job, limit=50)
    names = selectors.vocabulary()
    shown = selectors.seekers_as_seen_by(
        user=request.user, job=job, seeker_ids=[m.seeker.seeker_id for m in found]
    )
    invited = set(job.interests.values_list("seeker_id", flat=True))
    rows = [
        {
            **shown[m.seeker.seeker_id],
            "score": m.score,
            "reasons": matching.reasons(m, names),
            "missing": matching.missing(m, names),
            "invited": m.seeker.seeker_id in invited,
        }
        for m in found
    ]
    return render(
        request,
        "talent/job_matches.html",
        {"job": job, "rows": rows, "form": form or InterestForm(), "invite_for": invite_for},
    )


@login_required
@require_POST
def job_invite(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_edit(user=request.user, pk=pk)
    form = InterestForm(request.POST)
    raw = request.POST.get("seeker_id", "")
    seeker_id = int(raw) if raw.isascii() and raw.isdigit() else 0
    if form.is_valid():
        try:
            services.interest_send(
                actor=request.user, job=job, seeker_id=seeker_id, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("지원을 제안했습니다. 구직자가 수락하면 연락처가 보입니다."))
            return redirect(reverse("talent:matches", args=[job.pk]))
    return _matches_page(request, job, form=form, invite_for=seeker_id)


# --- applications -------------------------------------------------------------------------------------


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user,
                job=job,
                message=form.cleaned_data["message"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("지원했습니다. 진행 상황은 '내 지원'에서 볼 수 있습니다."))
            return redirect(reverse("talent:application", args=[application.pk]))
    return _job_page(request, job, apply_form=form)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    return _application_page(request, application)


def _application_page(
    request: HttpRequest, application: Application, form: StageForm | None = None
) -> HttpResponse:
    employer = selectors.is_employer_side(user=request.user, application=application)
    applicant = None
    if employer:
        profile = SeekerProfile.objects.filter(user=application.seeker).first()
        if profile is not None:
            applicant = selectors.seeker_view_for(user=request.user, profile=profile)
            access_record(request=request, target=profile, kind=Kind.SEEKER, action=Action.VIEW)
    return render(
        request,
        "talent/application_detail.html",
        {
            "application": application,
            "employer": employer,
            "applicant": applicant,
            "events": selectors.application_events_for(user=request.user, application=application),
            "form": form or (StageForm(application=application) if employer else None),
            "withdrawable": not employer and application.stage in services.OPEN_STAGES,
        },
    )


@login_required
@require_POST
def application_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    form = StageForm(request.POST, application=application)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_stage(
                actor=request.user,
                application=application,
                stage=data["stage"],
                comment=data["comment"],
                hired_on=data["hired_on"],
                hire_site=data["hire_site"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("지원 단계를 옮겼습니다."))
            return redirect(reverse("talent:application", args=[application.pk]))
    return _application_page(request, application, form)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("지원을 취소했습니다."))
    return redirect(reverse("talent:application", args=[application.pk]))


# --- seekers ------------------------------------------------------------------------------------------


def _years(request: HttpRequest) -> tuple[dict[int, int | None], bool]:
    """The year each qualification was acquired (`year_<id>` beside its box), and whether one typed
    was not a year."""
    years: dict[int, int | None] = {}
    bad = False
    for key in request.POST:
        if key.startswith("year_") and key[5:].isascii() and key[5:].isdigit():
            value = request.POST.get(key, "").strip()
            if value.isascii() and value.isdigit() and len(value) == 4:
                years[int(key[5:])] = int(value)
            else:
                years[int(key[5:])] = None
                bad = bad or bool(value)
    return years, bad


@role_required(roles.is_seeker)
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    initial = ProfileForm.initial_from(profile) if profile else {}
    form = ProfileForm(request.POST or None, initial=initial)
    years: dict[int, int | None] = {}
    bad_year = False
    if request.method == "POST":
        years, bad_year = _years(request)
    elif profile is not None:
        years = {held.qualification_id: held.acquired_year for held in profile.held.all()}
    if bad_year:
        form.add_error("qualifications", _("취득 연도는 네 자리 숫자로 입력해 주세요(예: 2024)."))
    if request.method == "POST" and form.is_valid():
        try:
            services.seeker_profile_save(
                actor=request.user, data=form.profile_input(years), consent=form.cleaned_data["consent"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("프로필을 저장했습니다."))
            return redirect("talent:my_matches")
    return render(
        request,
        "talent/my_profile.html",
        {"form": form, "profile": profile, "years": years, "notices": (notice.PROFILE, notice.DISCOVERY)},
    )


@role_required(roles.is_seeker)
def my_matches(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if profile is None:
        messages.info(request, _("맞는 공고를 찾으려면 먼저 프로필을 작성해 주세요."))
        return redirect("talent:my_profile")
    found = selectors.matches_for_seeker(user=request.user, limit=30)
    names = selectors.vocabulary()
    shown = found.matches
    jobs = JobPosting.objects.select_related("company", "complex").in_bulk([m.job.job_id for m in shown])
    rows = [
        {
            "job": jobs[m.job.job_id],
            "score": m.score,
            "reasons": matching.reasons(m, names),
            "missing": matching.missing(m, names),
        }
        for m in shown
    ]
    return render(
        request,
        "talent/my_matches.html",
        {
            "rows": rows,
            "learn_next": matching.learning_suggestions(found.unlocks, names),
            "total": found.considered,
        },
    )


@role_required(roles.is_seeker)
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "talent/my_applications.html",
        {
            "applications": selectors.applications_of_seeker(request.user).order_by("-created_at"),
            "interests": selectors.interests_of_seeker(request.user).order_by("-created_at"),
            "notice": notice.CONTACT,
        },
    )


@role_required(roles.is_seeker)
@require_POST
def interest_respond(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.interest_get_for_seeker(user=request.user, pk=pk)
    accept = request.POST.get("accept") == "1"
    try:
        services.interest_respond(
            actor=request.user, interest=interest, accept=accept, consent=request.POST.get("consent") == "1"
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("제안을 수락해 지원했습니다.") if accept else _("제안을 거절했습니다."))
    return redirect("talent:my_applications")


# --- the wage-arrears list (operators) ------------------------------------------------------------------


@role_required(roles.may_triage)
def wage_arrears(request: HttpRequest) -> HttpResponse:
    """Operators record a company's listing on the published wage-arrears list, and clear it."""
    form = WageArrearsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wage_arrears_mark(
                actor=request.user,
                company=data["company"],
                listed_on=data["listed_on"],
                source=data["source"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("기록했습니다. 이 기업의 모집 중인 공고를 마감했습니다."))
            return redirect("talent:wage_arrears")
    return render(
        request,
        "talent/wage_arrears.html",
        {"form": form, "marks": selectors.wage_arrears_marks(), "clear_form": WageArrearsClearForm()},
    )


@role_required(roles.may_triage)
@require_POST
def wage_arrears_clear(request: HttpRequest, pk: int) -> HttpResponse:
    mark = selectors.wage_arrears_mark_get(pk=pk)
    form = WageArrearsClearForm(request.POST)
    if form.is_valid():
        try:
            services.wage_arrears_clear(actor=request.user, mark=mark, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("해제했습니다. 이 기업은 다시 공고를 게시할 수 있습니다."))
    else:
        messages.error(request, _("해제 사유를 입력해 주세요."))
    return redirect("talent:wage_arrears")
