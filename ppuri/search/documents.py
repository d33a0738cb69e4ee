"""How apps hand documents to the search index, the way apps register with Django's admin site.

An app registers a DocumentSource for its doc_type in its AppConfig.ready(); its services call
search.services.index_refresh(doc_type=…, object_ids=[…]) in the same transaction as their writes.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.functional import Promise

FACETS = ("complex", "technology", "process", "material", "certification", "sector")


@dataclass
class Document:
    doc_type: str
    object_id: str
    title: str
    body: str
    url: str
    is_public: bool = True
    members_only: bool = False  # found by signed-in users only (search.tags.MEMBERS)
    # Concepts the thing surely has (a company's registered processes), beyond those its text names.
    concepts: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    boost: float = 1.0
    # Names to find the thing by as a whole (a company's name without its legal form), however the
    # morphological analysis splits them.
    names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentSource:
    doc_type: str
    label: str | Promise
    # build(None) yields every document; build(ids) those of the ids that still exist and are indexable.
    build: Callable[[list[str] | None], Iterator[Document]]
    count: Callable[[], int]
    # Documents of another type this one's carry facts of (a job posting, its company's name and
    # visibility): that type's ids → the ids of this type to refresh with them (search.services).
    follows: dict[str, Callable[[list[str]], list[str]]] = field(default_factory=dict)


_sources: dict[str, DocumentSource] = {}


def register(source: DocumentSource) -> None:
    _sources[source.doc_type] = source


def sources() -> Iterable[DocumentSource]:
    return _sources.values()


def source(doc_type: str) -> DocumentSource:
    return _sources[doc_type]
