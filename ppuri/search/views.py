from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ppuri.reference.models import Certification, Complex, Material, Process, Sector, Technology
from ppuri.search.documents import FACETS
from ppuri.search.selectors import MAX_QUERY_LENGTH, search

PAGE_SIZE = 20


def results(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    filters = {facet: [v.replace("\x00", "") for v in request.GET.getlist(facet)] for facet in FACETS}
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    result = search(query=query, filters=filters, page=page_number, page_size=PAGE_SIZE) if query else None
    pages = Paginator(range(result.total), PAGE_SIZE).get_page(page_number) if result else None
    facets = []
    if result:
        titles, labels = _facet_labels()
        for facet, counts in result.facets.items():
            values = [
                (value, labels.get(facet, {}).get(value, value), count, value in filters.get(facet, []))
                for value, count in sorted(counts.items(), key=lambda item: -item[1])
            ]
            facets.append((facet, titles.get(facet, facet), values))
    return render(
        request,
        "search/results.html",
        {"query": query, "result": result, "pages": pages, "facets": facets},
    )


def _facet_labels() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    titles = {
        "complex": _("산업단지"),
        "technology": _("뿌리기술"),
        "process": _("공정"),
        "material": pgettext("heading", "소재"),
        "certification": pgettext("heading", "인증"),
        "sector": _("수요 산업"),
    }
    labels: dict[str, dict[str, str]] = {
        "complex": {c.slug: c.short_name for c in Complex.objects.all()}
        | {"none": _("산업단지 밖(개별입지)")},
        "technology": {t.slug: t.name for t in Technology.objects.all()},
        "process": {p.slug: p.name for p in Process.objects.all()},
        "material": {m.slug: m.name for m in Material.objects.all()},
        "certification": {c.slug: c.name for c in Certification.objects.all()},
        "sector": {s.slug: s.name for s in Sector.objects.all()},
    }
    return titles, labels
