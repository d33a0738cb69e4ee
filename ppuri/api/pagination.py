from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema


class PageParams(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1)


def paginate(qs: QuerySet[Any], params: PageParams) -> tuple[list[Any], dict[str, int]]:
    size = min(params.page_size, settings.PPURI_API_PAGE_SIZE_MAX)
    total = qs.count()
    start = (params.page - 1) * size
    items = list(qs[start : start + size])
    return items, {"count": total, "page": params.page, "page_size": size}
