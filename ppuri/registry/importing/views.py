"""The operators' import pages: upload a factory file, watch it run, see its report, review doubts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ppuri.core.permissions import operator_required
from ppuri.registry.importing import runs, selectors, services
from ppuri.registry.importing.forms import FactoryFileForm
from ppuri.registry.models import ImportReviewItem, ImportRunEntry

# The import pages first fail the runs whose worker is gone (runs.import_runs_reap), so that an operator
# watching a run sees it fail within a lease of its worker's death, whether or not a worker is running.


@operator_required
def import_upload(request: HttpRequest) -> HttpResponse:
    again = selectors.import_run_again(user=request.user, pk=request.GET.get("again"))
    initial = {"dry_run": again.dry_run, "strict": again.strict} if again else {}
    form = FactoryFileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run = runs.import_run_create(
            actor=request.user,
            uploaded_file=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            strict=form.cleaned_data["strict"],
        )
        return redirect("registry:import_detail", pk=run.pk)
    runs.import_runs_reap()
    return render(
        request,
        "registry/import_upload.html",
        {
            "form": form,
            "again": again,
            "runs": selectors.import_runs_recent(),
            "pending_reviews": selectors.review_items_pending().count(),
        },
    )


@operator_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    runs.import_runs_reap()
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ImportRunEntry.Outcome.values else ""
    entries = Paginator(selectors.import_run_entries(run=run, outcome=outcome), selectors.ENTRIES_PAGE_SIZE)
    return render(
        request,
        "registry/import_detail.html",
        {
            "run": run,
            "progress": selectors.import_run_progress(run=run),
            "file_kept": selectors.import_run_file_kept(run=run),
            "reviews": run.review_items.select_related("candidate"),
            "entries": entries.get_page(request.GET.get("page")),
            "outcome": outcome,
            "outcomes": ImportRunEntry.Outcome.choices,
        },
    )


@operator_required
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    runs.import_runs_reap()
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    return JsonResponse(selectors.import_run_progress(run=run))


@operator_required
@require_POST
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_run_get_for_user(user=request.user, pk=pk)
    try:
        runs.import_run_retry(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("가져오기를 다시 대기열에 넣었습니다."))
    return redirect("registry:import_detail", pk=run.pk)


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
