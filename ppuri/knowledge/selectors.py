"""Who reads which article: public ones for everyone, members-only ones for signed-in users."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ppuri.knowledge.models import Article


def articles_visible_to(user: Any) -> QuerySet[Article]:
    articles = Article.objects.select_related("technology", "process", "material", "defect")
    if getattr(user, "is_authenticated", False):
        return articles
    return articles.filter(audience=Article.Audience.PUBLIC)


def article_get_for_user(*, user: Any, pk: int) -> Article:
    found = articles_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
