"""Articles as search documents (registered with the search app in KnowledgeConfig.ready)."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from ppuri.knowledge.models import Article
from ppuri.search.analysis import Concept
from ppuri.search.documents import Document, DocumentSource


def article_document(article: Article) -> Document:
    tags = [("technology", article.technology), ("process", article.process), ("material", article.material)]
    concepts = [Concept(kind, item.slug).term for kind, item in tags if item is not None]
    defect = article.defect
    body = "\n".join(
        filter(None, [article.summary, article.body, f"{defect.name_ko} {defect.name_en}" if defect else ""])
    )
    return Document(
        doc_type="article",
        object_id=str(article.pk),
        title=article.title,
        body=body,
        url=article.get_absolute_url(),
        members_only=article.audience == Article.Audience.MEMBERS,
        concepts=concepts,
        facets={kind: [item.slug] for kind, item in tags if item is not None},
    )


def build_articles(ids: list[str] | None) -> Iterator[Document]:
    articles = Article.objects.select_related("technology", "process", "material", "defect").order_by("pk")
    if ids is not None:
        articles = articles.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    for article in articles.iterator(chunk_size=500):
        yield article_document(article)


ARTICLES = DocumentSource(
    doc_type="article", label=_("지식"), build=build_articles, count=lambda: Article.objects.count()
)
