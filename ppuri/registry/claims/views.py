"""The claim pages: the claim form on a company, the claimant's list, the operators' queue and the
detail where an operator decides and a claimant withdraws."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.accounts import roles
from ppuri.accounts.roles import role_required
from ppuri.core.files import download
from ppuri.core.forms import add_service_errors
from ppuri.core.permissions import operator_required
from ppuri.registry.claims import selectors, services
from ppuri.registry.claims.forms import ClaimForm, RefuseForm
from ppuri.registry.selectors import organization_get_for_user


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"  # a business number and a person's e-mail
    return response


@login_required
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_get_for_user(user=request.user, pk=pk)
    if not selectors.may_claim(request.user):
        raise PermissionDenied
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(
                actor=request.user,
                organization=organization,
                document=form.cleaned_data["document"],
                **{name: form.cleaned_data[name] for name in ("business_number", "work_email", "message")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("소유권 신청을 접수했습니다. 운영기관이 확인한 뒤 결과를 알려 드립니다.")
            )
            return redirect("registry:claim_detail", pk=claim.pk)
    return _no_store(
        render(request, "registry/claim_form.html", {"organization": organization, "form": form})
    )


@role_required(roles.may_use_company_tools)
def my_claims(request: HttpRequest) -> HttpResponse:
    return _no_store(
        render(request, "registry/my_claims.html", {"claims": selectors.claims_of(user=request.user)})
    )


@operator_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    return _no_store(render(request, "registry/claim_queue.html", {"claims": list(selectors.claim_queue())}))


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    view = selectors.claim_view_for(user=request.user, claim=claim)
    return _no_store(
        render(
            request, "registry/claim_detail.html", {"view": view, "claim": claim, "refuse_form": RefuseForm()}
        )
    )


@login_required
@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_decision(user=request.user, pk=pk)
    try:
        services.claim_approve(actor=request.user, claim=claim)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("승인했습니다. 신청자가 이 기업의 관리자가 되었습니다."))
    return redirect("registry:claim_detail", pk=claim.pk)


@login_required
@require_POST
def claim_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_decision(user=request.user, pk=pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.claim_refuse(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("반려했습니다. 신청자에게 사유를 알렸습니다."))
            return redirect("registry:claim_detail", pk=claim.pk)
    # The claim's page again, the reason as typed with its error at the field.
    view = selectors.claim_view_for(user=request.user, claim=claim)
    return _no_store(
        render(request, "registry/claim_detail.html", {"view": view, "claim": claim, "refuse_form": form})
    )


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    try:
        services.claim_withdraw(actor=request.user, claim=claim)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("소유권 신청을 취소했습니다."))
    return redirect("registry:claim_detail", pk=claim.pk)


@login_required
def claim_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = selectors.claim_document_get_for_user(user=request.user, claim_pk=pk, pk=document_pk)
    return download(request, document)
