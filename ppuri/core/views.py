from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ppuri.core.models import Notification
from ppuri.core.worker import work_health


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


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; POST marks them all read."""
    mine = Notification.objects.filter(recipient_id=request.user.pk)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(request, "core/notifications.html", {"notifications": mine[:100]})
