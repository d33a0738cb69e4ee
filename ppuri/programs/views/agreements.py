"""Pages of the programmes: agreements and their commitments. The list, an agreement's page, a
commitment's page and the records behind each figure are open to everyone who may see them
(selectors.visibility; what each viewer sees of a figure is selectors.agreements'); the programme's
staff edit agreements, partners, commitments, periods and documents on their own form pages, and a
partner's editors report their manual commitments' actuals with evidence. A refused form comes back
with the error at its field (status 400), nothing written."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ppuri.accounts.roles import is_signed_in, role_required, runs_programs
from ppuri.core import files
from ppuri.core.activity import activity_for_scope
from ppuri.core.forms import add_service_errors
from ppuri.programs.forms.agreements import (
    AgreementForm,
    CommitmentForm,
    DocumentForm,
    PartnerForm,
    PeriodForm,
    ReportForm,
)
from ppuri.programs.models import Agreement, Commitment
from ppuri.programs.selectors import agreement_records, visibility
from ppuri.programs.selectors import agreements as selectors
from ppuri.programs.services import agreements as services

staff_only = role_required(runs_programs)


def agreement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/agreements/list.html",
        {"rows": selectors.agreement_rows(user=request.user), "staff": runs_programs(request.user)},
    )


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    view = selectors.agreement_view_for(user=request.user, agreement=agreement)
    return render(request, "programs/agreements/detail.html", {"view": view, "agreement": agreement})


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get_for_user(user=request.user, pk=pk)
    view = selectors.commitment_view_for(user=request.user, commitment=commitment)
    context = {
        "view": view,
        "commitment": commitment,
        "activity": activity_for_scope(scope=commitment, viewer=request.user, limit=30),
    }
    return render(request, "programs/agreements/commitment.html", context)


def commitment_records(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    commitment = selectors.commitment_get_for_user(user=request.user, pk=pk)
    period = selectors.period_get_for_user(user=request.user, commitment=commitment, pk=period_pk)
    view = agreement_records.records_view_for(
        user=request.user, commitment=commitment, period=period, page_number=request.GET.get("page")
    )
    return render(request, "programs/agreements/records.html", {"view": view, "commitment": commitment})


# --- form pages ----------------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    agreement: Agreement | None = None,
    commitment: Commitment | None = None,
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "agreement": agreement, "commitment": commitment}
    return render(request, "programs/agreements/form.html", context, status=400 if form.errors else 200)


def _save(request: HttpRequest, form: Any, write: Callable[[], Any], done: str) -> Any:
    """The service's result, with a message; None when the form or the service refused."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = write()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, done)
    return saved


@staff_only
def agreement_create(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda: services.agreement_create(actor=request.user, data=form.to_input()),
        _("협약을 등록했습니다."),
    )
    if saved is not None:
        return redirect(saved)
    return _form_page(request, form, title=_("협약 등록"), back=reverse("programs:agreements"))


@staff_only
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_edit(user=request.user, pk=pk)
    form = AgreementForm(request.POST or None, initial=AgreementForm.initial_for(agreement))
    saved = _save(
        request,
        form,
        lambda: services.agreement_update(actor=request.user, agreement=agreement, data=form.to_input()),
        _("협약 정보를 고쳤습니다."),
    )
    if saved is not None:
        return redirect(saved)
    back = agreement.get_absolute_url()
    return _form_page(request, form, title=_("협약 정보 고치기"), back=back, agreement=agreement)


@staff_only
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_edit(user=request.user, pk=pk)
    form = PartnerForm(request.POST or None, viewer=request.user)
    saved = _save(
        request,
        form,
        lambda: services.partner_add(actor=request.user, agreement=agreement, data=form.to_input()),
        _("협약 기관을 추가했습니다."),
    )
    if saved is not None:
        return redirect(agreement)
    back = agreement.get_absolute_url()
    return _form_page(request, form, title=_("협약 기관 추가"), back=back, agreement=agreement)


@staff_only
def partner_edit(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_edit(user=request.user, pk=pk)
    partner = selectors.partner_get_for_edit(user=request.user, agreement=agreement, pk=partner_pk)
    form = PartnerForm(request.POST or None, initial=PartnerForm.initial_for(partner), viewer=request.user)
    saved = _save(
        request,
        form,
        lambda: services.partner_update(actor=request.user, partner=partner, data=form.to_input()),
        _("협약 기관 정보를 고쳤습니다."),
    )
    if saved is not None:
        return redirect(agreement)
    back = agreement.get_absolute_url()
    return _form_page(request, form, title=_("협약 기관 고치기"), back=back, agreement=agreement)


@staff_only
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_edit(user=request.user, pk=pk)
    form = CommitmentForm(request.POST or None, agreement=agreement, viewer=request.user)
    saved = _save(
        request,
        form,
        lambda: services.commitment_create(actor=request.user, agreement=agreement, data=form.to_input()),
        _("협약 이행 약속을 등록했습니다."),
    )
    if saved is not None:
        return redirect(saved)
    back = agreement.get_absolute_url()
    return _form_page(request, form, title=_("협약 이행 약속 등록"), back=back, agreement=agreement)


@staff_only
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get_for_edit(user=request.user, pk=pk)
    form = CommitmentForm(
        request.POST or None,
        initial=CommitmentForm.initial_for(commitment),
        agreement=commitment.agreement,
        viewer=request.user,
    )
    saved = _save(
        request,
        form,
        lambda: services.commitment_update(actor=request.user, commitment=commitment, data=form.to_input()),
        _("협약 이행 약속을 고쳤습니다."),
    )
    if saved is not None:
        return redirect(saved)
    back = commitment.get_absolute_url()
    return _form_page(request, form, title=_("협약 이행 약속 고치기"), back=back, commitment=commitment)


@staff_only
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get_for_edit(user=request.user, pk=pk)
    form = PeriodForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda: services.period_add(actor=request.user, commitment=commitment, data=form.to_input()),
        _("기간을 추가했습니다."),
    )
    if saved is not None:
        return redirect(commitment)
    back = commitment.get_absolute_url()
    return _form_page(request, form, title=_("기간과 목표 추가"), back=back, commitment=commitment)


@staff_only
def period_edit(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    commitment = selectors.commitment_get_for_edit(user=request.user, pk=pk)
    period = selectors.period_get_for_user(user=request.user, commitment=commitment, pk=period_pk)
    form = PeriodForm(request.POST or None, initial=PeriodForm.initial_for(period))
    saved = _save(
        request,
        form,
        lambda: services.period_update(actor=request.user, period=period, data=form.to_input()),
        _("기간과 목표를 고쳤습니다."),
    )
    if saved is not None:
        return redirect(commitment)
    back = commitment.get_absolute_url()
    return _form_page(request, form, title=_("기간과 목표 고치기"), back=back, commitment=commitment)


@role_required(is_signed_in)
def period_report(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """A manual commitment's actual with its evidence: the staff and the partner's editors (403 for
    anyone else who may see the commitment, 404 for those who may not)."""
    commitment = selectors.commitment_get_for_user(user=request.user, pk=pk)
    period = selectors.period_get_for_user(user=request.user, commitment=commitment, pk=period_pk)
    if not visibility.may_edit_commitment(request.user, commitment):
        raise PermissionDenied(
            _("이 약속의 실적은 사업 담당자와 담당 기관의 입력 담당자만 입력할 수 있습니다.")
        )
    if commitment.from_records and request.method != "POST":
        # Nothing to type in: the figure is counted from the records (a POST is refused by the service).
        messages.info(request, _("이 약속의 실적은 Ppuri 기록에서 집계되므로 직접 입력하지 않습니다."))
        return redirect(commitment)
    form = ReportForm(request.POST or None, request.FILES or None, initial=ReportForm.initial_for(period))
    saved = _save(
        request,
        form,
        lambda: services.period_report(
            actor=request.user,
            period=period,
            actual=form.cleaned_data["actual"],
            evidence=form.cleaned_data["evidence"],
            evidence_file=form.cleaned_data["evidence_file"],
        ),
        _("실적을 입력했습니다."),
    )
    if saved is not None:
        return redirect(commitment)
    title = _("실적 입력: %(label)s") % {"label": selectors.period_label(period)}
    back = commitment.get_absolute_url()
    return _form_page(request, form, title=title, back=back, commitment=commitment)


@staff_only
def agreement_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_edit(user=request.user, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    saved = _save(
        request,
        form,
        lambda: services.agreement_document_add(
            actor=request.user,
            agreement=agreement,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
            dated=form.cleaned_data["dated"],
            public=form.cleaned_data["public"],
        ),
        _("문서를 등록했습니다."),
    )
    if saved is not None:
        return redirect(agreement)
    back = agreement.get_absolute_url()
    return _form_page(request, form, title=_("협약 문서 등록"), back=back, agreement=agreement)


# --- files ---------------------------------------------------------------------------------------------


class _StoredFile:
    """A stored file as core.files.download reads an attachment (its file, a name and a kind)."""

    def __init__(self, owner: Any, stored: Any, title: str) -> None:
        self.file = stored
        self.pk = owner.pk
        self._meta = owner._meta
        extension = stored.name.rsplit(".", 1)[-1].lower() if "." in stored.name else ""
        self.kind = next((k for k, found in files.EXTENSIONS.items() if f".{extension}" in found), "")
        self.name = f"{title}.{extension}" if extension else title


def agreement_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document's file, for those who may see the document (selectors.visibility)."""
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    document = get_object_or_404(
        visibility.documents_visible_to(request.user).filter(agreement=agreement), pk=document_pk
    )
    if not document.file:
        raise Http404
    return files.download(request, _StoredFile(document, document.file, document.title))


def period_evidence(request: HttpRequest, pk: int, period_pk: int) -> FileResponse:
    """A period's evidence file: the staff and the partner's editors (others read its description)."""
    commitment = selectors.commitment_get_for_user(user=request.user, pk=pk)
    period = selectors.period_get_for_user(user=request.user, commitment=commitment, pk=period_pk)
    if not period.evidence_file or not selectors.may_download_evidence(request.user, commitment):
        raise Http404
    title = _("증빙 %(code)s-%(label)s") % {"code": commitment.code, "label": period.label}
    return files.download(request, _StoredFile(period, period.evidence_file, title))


urlpatterns = [
    path("agreements/", agreement_list, name="agreements"),
    path("agreements/new/", agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/partners/add/", partner_add, name="partner_add"),
    path("agreements/<int:pk>/partners/<int:partner_pk>/edit/", partner_edit, name="partner_edit"),
    path("agreements/<int:pk>/commitments/add/", commitment_create, name="commitment_create"),
    path("agreements/<int:pk>/documents/add/", agreement_document_add, name="agreement_document_add"),
    path("agreements/<int:pk>/documents/<int:document_pk>/", agreement_document, name="agreement_document"),
    path("commitments/<int:pk>/", commitment_detail, name="commitment"),
    path("commitments/<int:pk>/edit/", commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/periods/add/", period_add, name="period_add"),
    path("commitments/<int:pk>/periods/<int:period_pk>/edit/", period_edit, name="period_edit"),
    path("commitments/<int:pk>/periods/<int:period_pk>/report/", period_report, name="period_report"),
    path("commitments/<int:pk>/periods/<int:period_pk>/evidence/", period_evidence, name="period_evidence"),
    path(
        "commitments/<int:pk>/periods/<int:period_pk>/records/", commitment_records, name="commitment_records"
    ),
]
