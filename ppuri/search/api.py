from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ppuri.api.auth import optional_user
from ppuri.api.schemas import InputSchema
from ppuri.search.selectors import ALL, MAX_QUERY_LENGTH, search

router = Router(tags=["search"])


class SearchQuery(InputSchema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="검색어 / the query")
    type: str | None = Field(None, description="문서 종류 / document type: company")
    complex: list[str] = Field(default_factory=list)
    technology: list[str] = Field(default_factory=list)
    process: list[str] = Field(default_factory=list)
    material: list[str] = Field(default_factory=list)
    certification: list[str] = Field(default_factory=list)
    sector: list[str] = Field(default_factory=list)
    root_industry: Literal["true", "false", "any"] = Field(
        "true",
        description="기업은 뿌리산업 기업만(true, 기본), 그 밖의 기업만(false), 모두(any) / which companies",
    )
    page: int = Field(1, ge=1, le=1_000)
    page_size: int = Field(20, ge=1, le=100)
    match: Literal["all", "any"] = Field(
        ALL,
        description="all: 모든 검색어를 포함한 결과 (짧은 쪽은 일부만 포함한 결과로 채움) / results "
        "with every word (a short page filled below with some-word results); any: 일부만 포함한 결과만 / "
        "only the results with some of the words but not all",
    )


class HitOut(Schema):
    type: str
    id: str
    title: str
    snippet: str
    score: float
    url: str
    reasons: list[str]
    all_terms: bool = Field(..., description="모든 검색어를 포함 / has every word of the query")


class SearchOut(Schema):
    query: str
    total: int
    took_ms: float
    partial: bool
    corrected: str
    results: list[HitOut]
    facets: dict[str, dict[str, int]] = Field(
        ...,
        description="건수 / counts per value of complex, technology, process, material, certification, "
        "sector and type",
    )
    approximate: bool = Field(
        ..., description="매우 많은 결과의 건수는 어림값 / facet counts estimated for a very large match"
    )
    total_all_terms: int = Field(..., description="모든 검색어를 포함한 결과 수 / results with every word")
    partial_total: int | None = Field(
        ...,
        description="일부 검색어만 포함한 결과 수; 세지 않았으면 null / results with some of the words but "
        "not all; null when not counted (one word, or a page filled by results with every word)",
    )
    match: Literal["all", "any"]


@router.get("/search", response=SearchOut, summary="Korean-first search over everything public")
def search_endpoint(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, object]:
    filters = {facet: getattr(query, facet) for facet in ("complex", "technology", "process", "material",
                                                           "certification", "sector")}  # fmt: skip
    filters["root_industry"] = [query.root_industry]
    user = optional_user(request)
    result = search(
        query=query.q,
        doc_type=query.type,
        filters=filters,
        page=query.page,
        page_size=query.page_size,
        member=bool(getattr(user, "is_authenticated", False)),
        match=query.match,
    )
    return {
        "query": result.query,
        "total": result.total,
        "took_ms": result.took_ms,
        "partial": result.partial,
        "corrected": result.corrected,
        "results": [
            {
                "type": h.doc_type,
                "id": h.object_id,
                "title": h.title,
                "snippet": str(h.snippet),
                "score": h.score,
                "url": h.url,
                "reasons": h.reasons,
                "all_terms": h.all_terms,
            }
            for h in result.hits
        ],
        "facets": {**result.facets, "type": result.types},
        "approximate": result.approximate,
        "total_all_terms": result.total_all_terms,
        "partial_total": result.partial_total,
        "match": result.match,
    }
