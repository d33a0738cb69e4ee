from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.access import Action, Kind, access_record
from ppuri.core.activity import activity_for_scope
from ppuri.core.concurrency import ConflictRow, EditConflict, conflict_form
from ppuri.core.forms import add_service_errors
from ppuri.core.text import mask_email, mask_name, mask_phone
from ppuri.reference.models import Complex, Technology
from ppuri.registry import selectors, services
from ppuri.registry.claims.selectors import claim_prompt_for, organization_is_claimed
from ppuri.registry.forms import CapabilityForm, ContactForm, OrganizationProfileForm, SiteForm
from ppuri.registry.models import Contact, Organization


def _clean(value: str) -> str:
    # A NUL in a query string would make PostgreSQL fail; nothing legitimate contains one.
    return value.replace("\x00", "")[:100]


def _filters_from(request: HttpRequest) -> tuple[selectors.DirectoryFilters, str]:
    """The directory's filters, and a notice when the root-industry scope was not understood (the
    page then shows the default scope rather than an error)."""
    asked = request.GET.get("root_industry")
    scope = selectors.root_industry_scope(asked)
    notice = ""
    if scope is None:
        scope = selectors.ROOT_INDUSTRY_DEFAULT
        notice = _("뿌리산업 조건 '%(value)s'을(를) 알 수 없어 뿌리산업 기업만 보여 드립니다.") % {
            "value": _clean(asked or "")[:20]
        }
    filters = selectors.DirectoryFilters(
        q=_clean(request.GET.get("q", "")),
        root_industry=scope,
        **{facet: [_clean(v) for v in request.GET.getlist(facet)] for facet in selectors.FACETS},
    )
    return filters, notice


def home(request: HttpRequest) -> HttpResponse:
    # The cards need names only: technology_list()'s processes and materials would be read and dropped.
    complexes = Complex.objects.all()
    technologies = Technology.objects.all()
    return render(request, "core/home.html", {"complexes": complexes, "technologies": technologies})


def directory(request: HttpRequest) -> HttpResponse:
    filters, notice = _filters_from(request)
    result = selectors.directory_search(filters)
    paginator = Paginator(
        result.organizations.order_by("normalized_name", "id"), settings.PPURI_DIRECTORY_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(selectors.directory_page_prefetch(page.object_list))  # type: ignore[arg-type]
    context = {
        "filters": filters,
        "result": result,
        "page": page,
        "facet_titles": {
            "complex": _("산업단지"),
            "technology": _("뿌리기술"),
            "process": _("공정"),
            "material": pgettext("heading", "소재"),
            "certification": pgettext("heading", "인증"),
            "sector": _("수요 산업"),
        },
        "query_without_page": _query_without(request, "page"),
        "root_industry_choices": [
            ("true", _("뿌리산업 기업"), result.root_industry["true"]),
            ("false", _("뿌리산업 외 기업"), result.root_industry["false"]),
            ("any", _("모두"), result.root_industry["true"] + result.root_industry["false"]),
        ],
        "root_industry_notice": notice,
        "pin_map": selectors.directory_pin_map(organizations=page.object_list),
    }
    template = "registry/_directory_results.html" if request.GET.get("partial") else "registry/directory.html"
    return render(request, template, context)


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in (*names, "partial"):
        query.pop(name, None)
    return query.urlencode()


def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for_user(user=request.user, pk=pk)
    profile = selectors.organization_profile(organization=organization)
    return render(
        request,
        "registry/company_detail.html",
        {
            "organization": profile,
            "can_edit": selectors.organization_editable_by(user=request.user, organization=organization),
            "is_member": selectors.organization_member_or_operator(
                user=request.user, organization=organization
            ),
            "claim_prompt": claim_prompt_for(
                user=request.user,
                organization=organization,
                claimed=organization_is_claimed(organization=profile),
            ),
            "activity": _activity_entries(request, organization),
            "pin_map": selectors.organization_pin_map(organization=profile),
            "contacts": [
                MaskedContact.of(contact)
                for contact in selectors.contacts_visible_to(user=request.user, organization=organization)
            ],
        },
    )


@dataclass
class ActivityEntry:
    created_at: datetime
    who: str
    summary: str


def _activity_entries(request: HttpRequest, organization: Organization) -> list[ActivityEntry]:
    """The change log; names of who changed what are shown to the organization and operators only."""
    insider = selectors.organization_member_or_operator(user=request.user, organization=organization)

    def who(actor: Any) -> str:
        if actor is None:
            return _("시스템")
        if insider:
            return str(actor)
        return _("운영기관") if actor.is_operator else _("기업 담당자")

    return [
        ActivityEntry(created_at=entry.created_at, who=who(entry.actor), summary=entry.summary_for_reader)
        for entry in activity_for_scope(scope=organization, viewer=request.user)
    ]


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for_edit(user=request.user, pk=pk)
    initial: dict[str, Any] = {"sectors": organization.sectors.all()}
    if request.method != "POST":
        initial["version"] = services.organization_version(organization)
    form = OrganizationProfileForm(request.POST or None, instance=organization, initial=initial)
    conflict: list[ConflictRow] = []
    if request.method == "POST" and form.is_valid():
        # The ModelForm's validation wrote the new values onto the instance; reload it so the service
        # sees the stored values, computes the change set, writes and logs.
        organization.refresh_from_db()
        values = {name: form.cleaned_data[name] for name in OrganizationProfileForm.Meta.fields}
        try:
            services.organization_update(
                actor=request.user,
                organization=organization,
                sectors=list(form.cleaned_data["sectors"]),
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except EditConflict as exc:
            form, conflict = conflict_form(
                form, exc, lambda data: OrganizationProfileForm(data, instance=organization, initial=initial)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("프로필을 저장했습니다."))
            return redirect(organization)
    return render(
        request,
        "registry/company_edit.html",
        {"organization": organization, "form": form, "conflict": conflict},
    )


@login_required
def capability_edit(request: HttpRequest, pk: int, capability_pk: int | None = None) -> HttpResponse:
    if capability_pk is None:
        organization = selectors.organization_get_for_edit(user=request.user, pk=pk)
        capability = None
    else:
        capability = selectors.capability_get_for_edit(
            user=request.user, organization_pk=pk, pk=capability_pk
        )
        organization = capability.organization
    initial = {}
    if capability is not None and request.method != "POST":
        initial["version"] = services.capability_version(capability)
    form = CapabilityForm(
        request.POST or None, instance=capability, organization=organization, initial=initial
    )
    conflict: list[ConflictRow] = []
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CAPABILITY_FIELDS}
        try:
            if capability is None:
                services.capability_create(
                    actor=request.user,
                    organization=organization,
                    process=form.cleaned_data["process"],
                    materials=list(form.cleaned_data["materials"]),
                    **values,
                )
            else:
                capability.refresh_from_db()
                services.capability_update(
                    actor=request.user,
                    capability=capability,
                    materials=list(form.cleaned_data["materials"]),
                    expected_version=form.cleaned_data["version"],
                    **values,
                )
        except EditConflict as exc:
            form, conflict = conflict_form(
                form, exc, lambda data: CapabilityForm(data, instance=capability, organization=organization)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("공정 역량을 저장했습니다."))
            return redirect(organization)
    return render(
        request,
        "registry/capability_form.html",
        {"organization": organization, "form": form, "capability": capability, "conflict": conflict},
    )


@login_required
@require_POST
def capability_delete(request: HttpRequest, pk: int, capability_pk: int) -> HttpResponse:
    capability = selectors.capability_get_for_edit(user=request.user, organization_pk=pk, pk=capability_pk)
    organization = capability.organization
    services.capability_delete(actor=request.user, capability=capability)
    messages.success(request, _("공정 역량을 삭제했습니다."))
    return redirect(organization)


def _row_form(
    request: HttpRequest,
    *,
    organization: Organization,
    row: Any,
    form_class: type[Any],
    save: Callable[..., Any],
    version: Callable[[Any], str],
    fields: tuple[str, ...],
    template: str,
    saved: str,
) -> HttpResponse:
    """The add/edit page of a row that belongs to an organization (a site, a contact): the form
    validates, the service writes and logs, the page goes back to the profile."""
    initial = {"version": version(row)} if row is not None and request.method != "POST" else {}
    form = form_class(request.POST or None, instance=row, initial=initial)
    conflict: list[ConflictRow] = []
    if request.method == "POST" and form.is_valid():
        if row is not None:
            row.refresh_from_db()  # the form wrote its values onto the instance; the service compares
        try:
            save(
                actor=request.user,
                organization=organization,
                row=row,
                expected_version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in fields},
            )
        except EditConflict as exc:
            form, conflict = conflict_form(form, exc, lambda data: form_class(data, instance=row))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect(organization)
    return render(
        request, template, {"organization": organization, "form": form, "row": row, "conflict": conflict}
    )


@login_required
def site_edit(request: HttpRequest, pk: int, site_pk: int | None = None) -> HttpResponse:
    if site_pk is None:
        organization = selectors.organization_get_for_edit(user=request.user, pk=pk)
        site = None
    else:
        site = selectors.site_get_for_edit(user=request.user, organization_pk=pk, pk=site_pk)
        organization = site.organization
    return _row_form(
        request,
        organization=organization,
        row=site,
        form_class=SiteForm,
        save=lambda row, **values: services.site_save(site=row, **values),
        version=services.site_version,
        fields=services.SITE_FIELDS,
        template="registry/site_form.html",
        saved=_("사업장을 저장했습니다."),
    )


@dataclass
class MaskedContact:
    pk: int
    name: str
    title: str
    email: str
    phone: str

    @classmethod
    def of(cls, contact: Contact) -> "MaskedContact":
        return cls(
            pk=contact.pk,
            name=mask_name(contact.name),
            title=contact.title,
            email=mask_email(contact.email),
            phone=mask_phone(contact.phone),
        )


@login_required
def contact_detail(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = selectors.contact_get_for_user(user=request.user, organization_pk=pk, pk=contact_pk)
    access_record(request=request, target=contact, kind=Kind.CONTACT, action=Action.VIEW)
    response = render(
        request,
        "registry/contact_detail.html",
        {
            "organization": contact.organization,
            "contact": contact,
            "can_edit": selectors.organization_editable_by(
                user=request.user, organization=contact.organization
            ),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    if contact_pk is None:
        organization = selectors.organization_get_for_edit(user=request.user, pk=pk)
        contact = None
    else:
        contact = selectors.contact_get_for_edit(user=request.user, organization_pk=pk, pk=contact_pk)
        organization = contact.organization
    return _row_form(
        request,
        organization=organization,
        row=contact,
        form_class=ContactForm,
        save=lambda row, **values: services.contact_save(contact=row, **values),
        version=services.contact_version,
        fields=services.CONTACT_FIELDS,
        template="registry/contact_form.html",
        saved=_("담당자 정보를 저장했습니다."),
    )


@role_required(roles.may_use_company_tools)
def my_companies(request: HttpRequest) -> HttpResponse:
    organizations = list(selectors.organizations_administered_by(user=request.user))
    if len(organizations) == 1:
        return redirect(organizations[0])
    return render(request, "registry/my_companies.html", {"organizations": organizations})


def complex_detail(request: HttpRequest, slug: str) -> HttpResponse:
    complex_ = get_object_or_404(Complex.objects.prefetch_related("facts"), slug=slug)
    companies = selectors.directory_base_queryset().filter(sites__complex=complex_).distinct()
    by_technology = selectors.technology_counts(companies=companies)
    return render(
        request,
        "registry/complex_detail.html",
        {
            "complex": complex_,
            "company_count": companies.count(),
            "by_technology": by_technology,
            "facts": complex_.facts.all(),
        },
    )
