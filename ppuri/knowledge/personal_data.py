"""Knowledge's part of "my data" (core.personal_data): the articles the person wrote. Articles are
the platform's publications and show no author, so they stay."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, value_text
from ppuri.knowledge.models import Article


def export(user: Any) -> list[Section]:
    return [
        Section(
            key="articles",
            title=_("작성한 지식 문서"),
            rows=[
                Row(field=article.title, value=value_text(article.published_at))
                for article in Article.objects.filter(author=user).order_by("published_at")
            ],
        )
    ]


def erase(user: Any) -> Erasure:
    done = Erasure()
    if Article.objects.filter(author=user).exists():
        done.kept.append(_("작성한 지식 문서는 작성자 이름 없이 게시된 그대로 남습니다."))
    return done


KNOWLEDGE = Provider(
    key="knowledge",
    models=("knowledge.Article",),
    export=export,
    erase=erase,
    order=50,
    keeps=(
        Kept(
            what=gettext_lazy("작성한 지식 문서(작성자 이름은 공개되지 않음)"),
            why=gettext_lazy("운영기관이 게시한 공공 자료이므로"),
            how_long=gettext_lazy("문서를 게시하는 동안"),
        ),
    ),
)
