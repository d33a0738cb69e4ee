from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field

from ppuri.api.schemas import InputSchema


class PageParams(InputSchema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(
        25, ge=1, le=1_000, description="At most PPURI_API_PAGE_SIZE_MAX rows are returned."
    )


def paginate(qs: QuerySet[Any], params: PageParams) -> tuple[list[Any], dict[str, int]]:
    size = min(params.page_size, settings.PPURI_API_PAGE_SIZE_MAX)
    total = qs.count()
    start = (params.page - 1) * size
    items = list(qs[start : start + size])
    return items, {"count": total, "page": params.page, "page_size": size}
