"""The operators' import pages: upload a factory file, watch it run, see its report, review doubts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.core.permissions import operator_required
from ppuri.registry.importing import selectors, services
from ppuri.registry.importing.forms import FactoryFileForm
from ppuri.registry.models import ImportReviewItem


@operator_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = FactoryFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_run_create(
            actor=request.user,
            uploaded_file=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            strict=form.cleaned_data["strict"],
        )
        return redirect("registry:import_detail", pk=run.pk)
    return render(
        request,
        "registry/import_upload.html",
        {
            "form": form,
            "runs": selectors.import_runs_recent(),
            "pending_reviews": selectors.review_items_pending().count(),
        },
    )


@operator_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "registry/import_detail.html",
        {
            "run": run,
            "progress": selectors.import_run_progress(run=run),
            "reviews": run.review_items.select_related("candidate"),
        },
    )


@operator_required
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    return JsonResponse(selectors.import_run_progress(run=run))


@operator_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/import_review.html", {"items": selectors.review_items_pending()})


@operator_required
@require_POST
def review_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.review_item_get_for_user(user=request.user, pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in {
        ImportReviewItem.Status.MERGED,
        ImportReviewItem.Status.SEPARATE,
        ImportReviewItem.Status.DISMISSED,
    }:
        messages.error(request, _("알 수 없는 결정입니다."))
        return redirect("registry:import_review")
    try:
        services.review_item_resolve(actor=request.user, item=item, decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("검토 결과를 반영했습니다."))
    return redirect("registry:import_review")
