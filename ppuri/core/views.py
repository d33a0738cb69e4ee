import uuid

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ppuri.core.models import Notification
from ppuri.core.request_id import current_request_id
from ppuri.core.worker import work_health


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's server_error with the request's id on the page (rendered without the request's
    context: nothing that could fail again)."""
    page = loader.get_template("500.html").render({"request_id": current_request_id()})
    return HttpResponseServerError(page)


@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the web worker answers, through every middleware, and asks nothing else (a process
    supervisor's probe: restart only what is itself stuck). bench/load.py measures it as the bare view
    the server's pages are compared with."""
    return JsonResponse({"status": "ok"})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when Ppuri can do its work, 503 with the reasons in
    "problems" when not: the database does not answer, or the task worker is lost, missing while work
    waits, or left work that could not be failed (ppuri.core.worker.work_health). Reading it also fails the
    work of a dead worker, so monitoring alone keeps imports from reading "running" forever."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error", "problems": ["database"]}, status=503)
    work = work_health()
    status = "error" if work["problems"] else "ok"
    return JsonResponse({"status": status, "database": "ok", **work}, status=503 if work["problems"] else 200)


# Once every migration is applied in this process it stays so (new migrations come with new code and
# so a new process): checked until then, not on every probe.
_migrated = False


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def _cache_answers() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # any backend's error: the cache is what is being checked
        return False
    return answered


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """For the load balancer before it sends this web worker traffic (and after a deploy): 200 when
    the database answers with every migration applied, the cache answers and the task worker is
    healthy (as /healthz); 503 naming what is not."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        checks["migrations"] = "ok" if _migrations_applied() else "pending"
    except DatabaseError:
        checks["database"] = "error"
    checks["cache"] = "ok" if _cache_answers() else "error"
    work = work_health() if checks["database"] == "ok" else {"problems": []}
    problems = [name for name, state in checks.items() if state != "ok"] + list(work["problems"])
    body = {"status": "error" if problems else "ok", **checks, **work, "problems": problems}
    return JsonResponse(body, status=503 if problems else 200)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; POST marks them all read."""
    mine = Notification.objects.filter(recipient_id=request.user.pk)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(request, "core/notifications.html", {"notifications": mine[:100]})
