from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ppuri.reference.selectors import complex_list, technology_list


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"complexes": complex_list(), "technologies": technology_list()},
    )


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
