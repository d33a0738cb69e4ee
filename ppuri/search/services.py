"""Writes to the search index. Callers run them inside their own transaction, so the index changes
exactly when the data does."""

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from ppuri.core.bulk import WriteBehind, insert_rows
from ppuri.search.analysis import ANALYZER_VERSION, CONCEPT_TERM_PREFIX, analyzer, name_parts, name_term
from ppuri.search.documents import Document, source, sources
from ppuri.search.models import SearchDocument, SearchFacet
from ppuri.search.tags import BUCKETS, bucket_of, document_tags

BATCH = 500
# PostgreSQL's weighted tsvector of a document row, kept in search_tsv (see migration 0005; a
# migration keeps its own copy of this expression, as it must not change under it).
POSTGRESQL_TSVECTOR = (
    "setweight(to_tsvector('simple', title_terms), 'A')"
    " || setweight(to_tsvector('simple', concept_terms), 'A')"
    " || setweight(to_tsvector('simple', body_terms), 'C')"
    " || setweight(to_tsvector('simple', tag_terms), 'D')"
    " || setweight(to_tsvector('simple', name_terms), 'A')"
    " || setweight(to_tsvector('simple', name_part_terms), 'B')"
)
# The engine's rows of documents just written, from the terms their rows hold: one statement, which
# NewDocumentsIndexer runs in a thread (the database works, the GIL is free) while it analyses the next.
INSERT_ENGINE_ROWS = {
    "postgresql": f"INSERT INTO search_tsv (id, bucket, tsv) SELECT id, bucket, {POSTGRESQL_TSVECTOR}"  # noqa: S608
    " FROM search_searchdocument WHERE id = ANY(%s) ORDER BY bucket, id",  # a partition at a time
    "sqlite": "INSERT INTO search_fts (rowid, title, concepts, body, tags, names, parts)"
    " SELECT id, title_terms, concept_terms, body_terms, tag_terms, name_terms, name_part_terms"
    " FROM search_searchdocument WHERE id IN (SELECT value FROM json_each(%s))",
}

# NewDocumentsIndexer's bulk mode; gin_clean_pending_list merges with maintenance_work_mem.
BULK_SETTINGS = {"gin_pending_list_limit": "256MB", "work_mem": "64MB", "maintenance_work_mem": "256MB"}
PARTITION_INDEXES = "SELECT inhrelid FROM pg_inherits WHERE inhparent = 'search_tsv_gin'::regclass"
CLEAN_PENDING_LISTS = f"SELECT gin_clean_pending_list(i.inhrelid::regclass) FROM ({PARTITION_INDEXES}) i"  # noqa: S608
# Merged after each batch, so that a partition's list is merged about every tenth batch (20,000 rows):
# the merge is quicker than the next batch's analysis, which the thread waits for anyway.
MERGED_PER_BATCH = 6
MERGE_PENDING_LISTS = f"{CLEAN_PENDING_LISTS} ORDER BY i.inhrelid OFFSET %s LIMIT %s"


@transaction.atomic
def index_documents(documents: Iterable[Document], *, new: bool = False) -> int:
    """Write documents to the index, replacing their earlier versions; analysis and writes in batches.
    `new`: documents of objects created in this transaction, which have no earlier versions to look
    for (a national import's 170,000 companies)."""
    documents = list(documents)
    if not documents:
        return 0
    rows = _analysed(documents)
    by_type: dict[str, list[str]] = {}
    for document in documents:
        by_type.setdefault(document.doc_type, []).append(document.object_id)
    for doc_type, object_ids in by_type.items() if not new else ():
        index_delete(doc_type=doc_type, object_ids=object_ids)
    ids = _written(documents, rows)
    if connection.vendor in INSERT_ENGINE_ROWS:
        with connection.cursor() as cursor:
            cursor.execute(INSERT_ENGINE_ROWS[connection.vendor], [_id_parameter(connection.vendor, ids)])
    return len(rows)


def _id_parameter(vendor: str, ids: list[int]) -> Any:
    return ids if vendor == "postgresql" else json.dumps(ids)  # an array; SQLite's json_each unpacks


class NewDocumentsIndexer:
    """index_documents(new=True) for many batches, written behind (core.bulk.WriteBehind): the next
    batch is analysed while the database writes the last ones, their document rows, facets and engine
    rows (INSERT_ENGINE_ROWS). On PostgreSQL the tsvectors and the GIN index take as long as the
    analysis (25 s for a national import's 195,000 companies), in the server's process, on the
    machine's other core; SQLite's FTS5 index took 5 s of them, in C, with the GIL released.

        with WriteBehind() as behind, NewDocumentsIndexer(behind, count=len(companies)) as indexer:
            for batch in batches:
                indexer.add(batch)

    `count` documents' ids are reserved at the start, as a query later would wait for the queue.

    On PostgreSQL the tsvectors go into each partition's GIN pending list, which may grow as
    BULK_SETTINGS allows here, and are merged into the index many at a time: after each batch the lists
    of the next MERGED_PER_BATCH partitions in turn, the last batch's at the end. Those 195,000 rows
    took 18 s one entry at a time. Ordinary connections keep the list at 64 kB (search migration 0008)."""

    def __init__(self, behind: WriteBehind, *, count: int) -> None:
        self._behind = behind
        self._count = count
        self._ids: Iterator[int] = iter(())
        self._restore: list[tuple[str, str]] = []  # the settings the bulk mode changed, as they were
        self._merged = 0  # partitions whose pending lists were merged so far, in turn

    def __enter__(self) -> "NewDocumentsIndexer":
        self._ids = iter(self._behind.reserve(SearchDocument, self._count))
        if connection.vendor == "postgresql" and self._count:
            self._bulk_mode()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._restore and exc_type is None:
            self._behind.execute(CLEAN_PENDING_LISTS)
            for name, value in self._restore:
                self._behind.execute("SELECT set_config(%s, %s, true)", [name, value])

    def add(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        rows = _analysed(documents)  # while the last batches are written
        ids = list(islice(self._ids, len(rows)))
        if len(ids) < len(rows):
            raise ValueError(f"NewDocumentsIndexer: more than the {self._count} documents it was told of")
        self._behind.insert(SearchDocument, rows, ids=ids)
        self._behind.insert(SearchFacet, _facet_rows(documents, ids), ids=None)
        vendor = connection.vendor
        if vendor in INSERT_ENGINE_ROWS:
            self._behind.execute(INSERT_ENGINE_ROWS[vendor], [_id_parameter(vendor, ids)])
        if self._restore:
            self._behind.execute(MERGE_PENDING_LISTS, [self._merged % BUCKETS, MERGED_PER_BATCH])
            self._merged += MERGED_PER_BATCH
        return len(rows)

    def _bulk_mode(self) -> None:
        """Until the end of the indexing (and at the latest of the transaction): a large pending list,
        and the memory to merge it in few passes."""
        with connection.cursor() as cursor:
            for name, value in BULK_SETTINGS.items():
                cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
                self._restore.append((name, cursor.fetchone()[0]))


def _analysed(documents: list[Document]) -> list[dict[str, Any]]:
    """The index rows of documents: their terms (the analyzer's work), tags and bucket."""
    engine = analyzer()
    titles = engine.terms_many([d.title for d in documents])
    bodies = engine.terms_text_many([d.body for d in documents])
    names = [_name_terms(document.names) for document in documents]
    return [
        {
            "doc_type": document.doc_type,
            "object_id": document.object_id,
            "title": document.title[:300],
            "body": document.body,
            "url": document.url,
            "is_public": document.is_public,
            "title_terms": " ".join([*title_terms, *(name_term(name) for name in document.names if name)]),
            "body_terms": body_terms,
            "concept_terms": " ".join(
                [*document.concepts, *(t for t in title_terms if t.startswith(CONCEPT_TERM_PREFIX))]
            ),
            "name_terms": name_starts,
            "name_part_terms": name_others,
            "tag_terms": document_tags(
                doc_type=document.doc_type,
                object_id=document.object_id,
                is_public=document.is_public,
                facets=document.facets,
                members_only=document.members_only,
            ),
            "bucket": bucket_of(document.doc_type, document.object_id),
            "boost": document.boost,
            "analyzer_version": ANALYZER_VERSION,
        }
        for document, title_terms, body_terms, (name_starts, name_others) in zip(
            documents, titles, bodies, names, strict=True
        )
    ]


def _written(documents: list[Document], rows: list[dict[str, Any]]) -> list[int]:
    """Documents and their facets; returns their ids. The engine's rows (INSERT_ENGINE_ROWS) are the
    caller's: index_documents writes them at once, NewDocumentsIndexer meanwhile."""
    # core.bulk rather than bulk_create: reindexing and national imports write 170,000 documents.
    ids = insert_rows(SearchDocument, rows)
    insert_rows(SearchFacet, _facet_rows(documents, ids), ids=False)
    return ids


def _facet_rows(documents: list[Document], ids: list[int]) -> list[dict[str, Any]]:
    return [
        {"document_id": pk, "facet": facet, "value": value}
        for pk, document in zip(ids, documents, strict=True)
        for facet, values in document.facets.items()
        for value in dict.fromkeys(values)
    ]


def _name_terms(names: list[str]) -> tuple[str, str]:
    """The starts and all the parts of a document's names, as two strings of terms."""
    starts: dict[str, None] = {}
    parts: dict[str, None] = {}
    for name in filter(None, names):
        name_starts, name_others = name_parts(name)
        starts.update(dict.fromkeys(name_starts))
        parts.update(dict.fromkeys(name_others))
    return " ".join(starts), " ".join(parts)


@transaction.atomic
def index_delete(*, doc_type: str, object_ids: Iterable[str]) -> None:
    rows = list(
        SearchDocument.objects.filter(doc_type=doc_type, object_id__in=list(object_ids)).only("pk", "bucket")
    )
    if rows:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [[row.pk] for row in rows])
            elif connection.vendor == "postgresql":
                # One statement per bucket, so each reaches one partition through its primary key.
                by_bucket: dict[int, list[int]] = {}
                for row in rows:
                    by_bucket.setdefault(row.bucket, []).append(row.pk)
                cursor.executemany(
                    "DELETE FROM search_tsv WHERE bucket = %s AND id = ANY(%s)", list(by_bucket.items())
                )
    SearchDocument.objects.filter(pk__in=[row.pk for row in rows]).delete()


@transaction.atomic
def index_refresh(*, doc_type: str, object_ids: Iterable[object]) -> None:
    """Bring the index in step with these objects: (re)index those that exist, drop the others."""
    ids = [str(object_id) for object_id in object_ids]
    if not ids:
        return
    documents = list(source(doc_type).build(ids))
    index_documents(documents)
    index_delete(doc_type=doc_type, object_ids=set(ids) - {d.object_id for d in documents})
    for follower in sources():
        if doc_type in follower.follows:
            index_refresh(doc_type=follower.doc_type, object_ids=follower.follows[doc_type](ids))


# The engine's own table, beside search_searchdocument: FTS5's on SQLite, the tsvectors on PostgreSQL.
ENGINE_TABLES = {"sqlite": "search_fts", "postgresql": "search_tsv"}
DROP_ORPHANS = {
    "sqlite": "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_searchdocument)",
    "postgresql": "DELETE FROM search_tsv t WHERE NOT EXISTS"
    " (SELECT 1 FROM search_searchdocument d WHERE d.id = t.id)",
}


def index_drop_orphans(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Remove the engine's rows whose document row is gone, and say how many there were.

    The engine's table is no model, so `flush` (and every transactional test's teardown, which calls it)
    empties search_searchdocument and leaves these behind; a search would count them, matching text of
    documents that no longer exist, though it can show none of them."""
    database = connections[using]
    table = ENGINE_TABLES.get(database.vendor)
    with database.cursor() as cursor:
        if table is None or table not in database.introspection.table_names(cursor):
            return 0
        cursor.execute(DROP_ORPHANS[database.vendor])
        return max(cursor.rowcount, 0)


def index_drop_orphans_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """post_migrate receiver; `flush` sends post_migrate too, after emptying the tables."""
    index_drop_orphans(using=using)


def index_rebuild(*, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Rebuild the whole index, one transaction per document type, and drop what no document holds."""
    index_drop_orphans()
    counts: dict[str, int] = {}
    for document_source in sources():
        total = document_source.count()
        with transaction.atomic():
            index_delete(
                doc_type=document_source.doc_type,
                object_ids=SearchDocument.objects.filter(doc_type=document_source.doc_type).values_list(
                    "object_id", flat=True
                ),
            )
            done = 0
            batch: list[Document] = []
            for document in document_source.build(None):
                batch.append(document)
                if len(batch) >= BATCH:
                    done += index_documents(batch)
                    batch.clear()
                    if progress:
                        progress(document_source.doc_type, done, total)
            done += index_documents(batch)
            if progress:
                progress(document_source.doc_type, done, total)
        counts[document_source.doc_type] = done
    return counts
