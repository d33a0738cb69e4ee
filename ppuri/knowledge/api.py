"""Knowledge API: articles for whoever may read them (public ones for anyone, members-only ones for
signed-in callers), written by operators and experts, and a solved case published anonymised."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ppuri.api.auth import authenticated_user, optional_user, token_or_session
from ppuri.api.lookups import classification
from ppuri.api.pagination import PageParams, paginate
from ppuri.api.schemas import DbId, InputSchema
from ppuri.challenges.selectors import challenge_get_for_user
from ppuri.knowledge import selectors, services
from ppuri.knowledge.models import Article

router = Router(tags=["knowledge"])

Kind = Literal["guide", "defect_case"]
Audience = Literal["public", "members"]


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    body: str
    technology: str | None = Field(None, alias="technology.slug")
    process: str | None = Field(None, alias="process.slug")
    material: str | None = Field(None, alias="material.slug")
    defect: str | None = Field(None, alias="defect.slug")
    audience: str
    published_at: datetime
    url: str = Field(..., alias="get_absolute_url")


class ArticlePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ArticleOut]


class ArticleQuery(PageParams):
    kind: Kind | None = None
    technology: str | None = None
    defect: str | None = None


class ArticleIn(InputSchema):
    kind: Kind = "guide"
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=300)
    body: str = Field(..., min_length=1, max_length=50_000)
    technology: str | None = None
    process: str | None = None
    material: str | None = None
    defect: str | None = None
    audience: Audience = "public"


class CaseIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=300)
    body: str = Field(..., min_length=1, max_length=50_000)
    audience: Audience = "public"


@router.get("/articles", response=ArticlePageOut, summary="기술 지식 / knowledge articles")
def articles_list(request: HttpRequest, query: Query[ArticleQuery]) -> dict[str, Any]:
    articles = selectors.articles_visible_to(optional_user(request))
    if query.kind:
        articles = articles.filter(kind=query.kind)
    if query.technology:
        articles = articles.filter(technology__slug=query.technology)
    if query.defect:
        articles = articles.filter(defect__slug=query.defect)
    items, meta = paginate(articles, query)
    return {**meta, "results": items}


@router.get("/articles/{article_id}", response=ArticleOut)
def articles_get(request: HttpRequest, article_id: DbId) -> Article:
    return selectors.article_get_for_user(user=optional_user(request), pk=article_id)


@router.post("/articles", response={201: ArticleOut}, auth=token_or_session)
def articles_create(request: HttpRequest, payload: ArticleIn) -> Status:
    article = services.article_create(
        actor=authenticated_user(request),
        kind=payload.kind,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        audience=payload.audience,
        **classification(payload),
    )
    return Status(201, article)


@router.post("/challenges/{challenge_id}/publish", response={201: ArticleOut}, auth=token_or_session)
def challenges_publish(request: HttpRequest, challenge_id: DbId, payload: CaseIn) -> Status:
    user = authenticated_user(request)
    challenge = challenge_get_for_user(user=user, pk=challenge_id)
    article = services.article_publish_from_challenge(
        actor=user,
        challenge=challenge,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        audience=payload.audience,
    )
    return Status(201, article)
