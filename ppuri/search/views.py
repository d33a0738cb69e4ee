from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ppuri.reference.selectors import vocabulary_names
from ppuri.search.documents import FACETS, sources
from ppuri.search.scope import ROOT_INDUSTRY, scope_of
from ppuri.search.selectors import ALL, ANY, MAX_QUERY_LENGTH, RANK_WINDOW, SearchResult, search

PAGE_SIZE = 20


def results(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    filters = {facet: [v.replace("\x00", "") for v in request.GET.getlist(facet)] for facet in FACETS}
    # Root-industry companies unless asked (search.scope); an unknown value reads as the default.
    filters[ROOT_INDUSTRY] = [v.replace("\x00", "") for v in request.GET.getlist(ROOT_INDUSTRY)]
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    doc_type = request.GET.get("type", "").replace("\x00", "") or None
    # The results with some of the words but not all, offered apart from those with every word.
    match = ANY if request.GET.get("match") == ANY else ALL
    result = (
        search(
            query=query,
            doc_type=doc_type,
            filters=filters,
            page=page_number,
            page_size=PAGE_SIZE,
            member=request.user.is_authenticated,
            match=match,
        )
        if query
        else None
    )
    # Pages reach as far as the ranking window (like most search engines, deep pages stop somewhere).
    pages = None
    if result:
        pages = Paginator(range(min(result.total, RANK_WINDOW)), PAGE_SIZE).get_page(page_number)
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
        {
            "query": query,
            "result": result,
            "pages": pages,
            "facets": facets,
            "tabs": _type_tabs(result, doc_type) if result else [],
            "doc_type": doc_type or "",
            "filters": [(facet, value) for facet, values in filters.items() for value in values],
            "root_industry_scope": scope_of(filters[ROOT_INDUSTRY]),
        },
    )


def _type_tabs(result: SearchResult, doc_type: str | None) -> list[tuple[str, str, int, bool]]:
    """(type, label, count, current) for "all" and each type of document that matched."""
    labels = {s.doc_type: str(s.label) for s in sources()}
    tabs = [("", _("전체"), sum(result.types.values()), not doc_type)]
    tabs += [
        (kind, labels.get(kind, kind), count, kind == doc_type)
        for kind, count in sorted(result.types.items(), key=lambda item: -item[1])
    ]
    return tabs


def _facet_labels() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    titles = {
        "complex": _("산업단지"),
        "technology": _("뿌리기술"),
        "process": _("공정"),
        "material": pgettext("heading", "소재"),
        "certification": pgettext("heading", "인증"),
        "sector": _("수요 산업"),
        ROOT_INDUSTRY: _("뿌리산업 여부"),
    }
    labels: dict[str, dict[str, str]] = {
        ROOT_INDUSTRY: {"true": _("뿌리산업 기업"), "false": _("뿌리산업 외 기업")},
        "complex": dict(vocabulary_names("complex")) | {"none": _("산업단지 밖(개별입지)")},
        **{
            kind: dict(vocabulary_names(kind))
            for kind in ("technology", "process", "material", "certification", "sector")
        },
    }
    return titles, labels
