"""Reads of the search index: one query function for the results page and the API."""

import html
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from ppuri.reference.models import Material, Process, Technology
from ppuri.search.analysis import Concept, analyzer, correct, name_term
from ppuri.search.documents import FACETS
from ppuri.search.models import SearchDocument

MAX_QUERY_LENGTH = 200
# Words that say what kind of result is wanted, not what it must contain ("다이캐스팅 업체").
QUERY_STOPWORDS = frozenset(
    {
        "업체",
        "회사",
        "기업",
        "공장",
        "업소",
        "전문",
        "company",
        "compani",
        "supplier",
        "manufactur",
        "factori",
        # Verb and adjective stems of requests ("열처리를 하는 곳", "잘 만드는"): they say nothing of the
        # result, and a rare one like 하 would outweigh the real words when ranking any-word matches.
        "하",
        "되",
        "있",
        "없",
        "잘",
        "곳",
        "수",
        "만들",
        "해주",
        "주",
    }
)
SNIPPET_LENGTH = 160


# A query is a list of groups; a group a list of alternatives; an alternative a list of terms that
# must all be there. "진공 열처리 업체" → [[[zzp…vacuum], [진공, 열처리]]]: the concept, or both words.
Groups = list[list[list[str]]]


@dataclass
class Hit:
    doc_type: str
    object_id: str
    title: str
    snippet: SafeString
    score: float
    url: str
    reasons: list[str]


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    partial: bool = False  # no document had every word: these have some of them
    corrected: str = ""  # the query with a typo mended, when the results are for it
    groups: Groups = field(default_factory=list)


def _groups(query: str) -> tuple[Groups, dict[str, Concept], list[str]]:
    """The query as groups: each concept it names, and each remaining word. A document must match
    every group (or, failing that, some of them)."""
    engine = analyzer()
    concepts = engine.concepts(query)
    by_term = {match.concept.term: match.concept for match in concepts}
    groups: Groups = []
    covered: set[str] = set()
    words: list[str] = []
    for match in concepts:
        quote_terms = list(dict.fromkeys(t for t in engine.terms(match.quote) if not t.startswith("zz")))
        covered.update(quote_terms)
        groups.append([[match.concept.term], quote_terms] if quote_terms else [[match.concept.term]])
        words.append(match.quote)
    for term in dict.fromkeys(engine.terms(query)):
        if term.startswith("zz") or term in covered or term in QUERY_STOPWORDS:
            continue
        groups.append([[term]])
        words.append(term)
    return groups, by_term, words


def _fts5_expression(groups: Groups, joiner: str) -> str:
    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def alternative(terms: list[str]) -> str:
        return "(" + " AND ".join(quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " OR ".join(alternative(a) for a in group) + ")" for group in groups)


def _tsquery(groups: Groups, joiner: str) -> str:
    def quoted(term: str) -> str:
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"

    def alternative(terms: list[str]) -> str:
        return "(" + " & ".join(quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " | ".join(alternative(a) for a in group) + ")" for group in groups)


class _Match:
    """The public documents that match a query, as SQL: ranked pages, the count and the facet counts
    are each one statement over the same match, so nothing scales with the number of matches in Python.

    Raw SQL because the ORM reaches neither FTS5 nor tsvector ranking; every value goes in as a
    parameter, and the SQL text is made of constants and placeholders only."""

    def __init__(self, groups: Groups, *, query_text: str, require_all: bool, doc_type: str | None,
                 filters: dict[str, list[str]]) -> None:  # fmt: skip
        conditions = ["d.is_public"]
        params: list[Any] = []
        if doc_type:
            conditions.append("d.doc_type = %s")
            params.append(doc_type)
        for facet, values in filters.items():
            placeholders = ", ".join(["%s"] * len(values))
            conditions.append(
                "d.id IN (SELECT document_id FROM search_searchfacet"
                f" WHERE facet = %s AND value IN ({placeholders}))"
            )
            params.extend([facet, *values])
        where = " AND ".join(conditions)
        name = name_term(query_text)
        if connection.vendor == "postgresql":
            query = _tsquery(groups, "&" if require_all else "|")
            if len(name) > 4:  # the query may be a company's whole name
                query = f"({query}) | {_tsquery([[[name]]], '&')}"
            self.score = "ts_rank(d.tsv, to_tsquery('simple', %s)) * d.boost"
            self.score_args: list[Any] = [query]
            self.source = f"search_searchdocument d WHERE d.tsv @@ to_tsquery('simple', %s) AND {where}"
            self.args: list[Any] = [query, *params]
        else:
            expression = _fts5_expression(groups, "AND" if require_all else "OR")
            if len(name) > 4:
                expression = f"({expression}) OR {_fts5_expression([[[name]]], 'AND')}"
            # bm25() is lower for better matches; the title and concept columns weigh most.
            self.score = "-bm25(search_fts, 10.0, 8.0, 1.0) * d.boost"
            self.score_args = []
            self.source = (
                "search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
                f" WHERE search_fts MATCH %s AND {where}"
            )
            self.args = [expression, *params]

    def ranked(self, *, limit: int, offset: int = 0) -> list[tuple[int, float]]:
        sql = (
            f"SELECT d.id, {self.score} AS score FROM {self.source}"
            " ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        return [
            (row[0], float(row[1])) for row in self._fetch(sql, [*self.score_args, *self.args, limit, offset])
        ]

    def count(self) -> int:
        return int(self._fetch(f"SELECT COUNT(*) FROM {self.source}", self.args)[0][0])

    def facet_counts(self) -> dict[str, dict[str, int]]:
        sql = (
            "SELECT f.facet, f.value, COUNT(*) FROM search_searchfacet f"
            f" WHERE f.document_id IN (SELECT d.id FROM {self.source}) GROUP BY f.facet, f.value"
        )
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for facet, value, n in self._fetch(sql, self.args):
            counts[facet][value] = int(n)
        return dict(counts)

    @staticmethod
    def _fetch(sql: str, args: list[Any]) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())


def search(
    *,
    query: str,
    doc_type: str | None = None,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    started = time.perf_counter()
    filters = {facet: values for facet, values in (filters or {}).items() if facet in FACETS and values}
    groups, concepts, words = _groups(query)
    if not groups:
        return SearchResult(query=query, total=0, took_ms=0.0, hits=[], facets={})
    text = query
    every = _Match(groups, query_text=text, require_all=True, doc_type=doc_type, filters=filters)
    found = every.count()
    corrected = ""
    if not found:
        mended = _mend_typos(query)
        if mended != query:
            mended_groups, mended_concepts, mended_words = _groups(mended)
            mended_match = _Match(
                mended_groups, query_text=mended, require_all=True, doc_type=doc_type, filters=filters
            )
            if mended_count := mended_match.count():
                groups, concepts, words, text = mended_groups, mended_concepts, mended_words, mended
                every, found, corrected = mended_match, mended_count, mended
    offset = (page - 1) * page_size
    partial = False
    if found >= page_size or len(groups) == 1:
        match = every
        ranked = every.ranked(limit=page_size, offset=offset)
        total = found
    else:
        # Too few have every word: below them come those with some of the words, by relevance.
        match = _Match(groups, query_text=text, require_all=False, doc_type=doc_type, filters=filters)
        first = every.ranked(limit=found) if found else []
        have = {document_id for document_id, _score in first}
        rest = [r for r in match.ranked(limit=offset + page_size + found) if r[0] not in have]
        ranked = (first + rest)[offset : offset + page_size]
        total = match.count()
        partial = not found
    page_scores = dict(ranked)
    documents = SearchDocument.objects.in_bulk(list(page_scores))
    labels = _concept_labels(concepts.values())
    hits = [
        _hit(documents[document_id], score, concepts, labels, words)
        for document_id, score in page_scores.items()
        if document_id in documents
    ]
    return SearchResult(
        query=query,
        total=total,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        hits=hits,
        facets=match.facet_counts(),
        partial=partial,
        corrected=corrected,
        groups=groups,
    )


def _mend_typos(query: str) -> str:
    """The query with each unknown word of four or more letters (three Hangul syllables) replaced by the
    one vocabulary word a single edit away, particles set aside (다이캐스띵을 → 다이캐스팅)."""
    engine = analyzer()
    mended = []
    for word in query.split():
        replacement = correct(word, engine.spellings)
        if replacement is None:
            terms = [t for t in engine.terms(word) if not t.startswith("zz")]
            if terms and terms[0] != word.casefold():
                replacement = correct(terms[0], engine.spellings)
        mended.append(replacement or word)
    return " ".join(mended)


def _hit(
    document: SearchDocument,
    score: float,
    concepts: dict[str, Concept],
    labels: dict[Concept, str],
    words: list[str],
) -> Hit:
    have = set(document.concept_terms.split())
    reasons = [labels[concept] for term, concept in concepts.items() if term in have]
    return Hit(
        doc_type=document.doc_type,
        object_id=document.object_id,
        title=document.title,
        snippet=_snippet(document.body, words),
        score=round(score, 4),
        url=document.url,
        reasons=reasons,
    )


def _concept_labels(concepts: Iterable[Concept]) -> dict[Concept, str]:
    """Names in the reader's language for the concepts of a query (a few queries, not one per hit)."""
    labels: dict[Concept, str] = {}
    for kind, model in (("process", Process), ("material", Material), ("technology", Technology)):
        slugs = {c.slug for c in concepts if c.kind == kind}
        for item in model.objects.filter(slug__in=slugs) if slugs else []:  # type: ignore[attr-defined]
            labels[Concept(kind, item.slug)] = item.name
    return {concept: labels.get(concept, concept.slug) for concept in concepts}


def _snippet(body: str, words: list[str]) -> SafeString:
    """A piece of the text around the first word of the query it contains, with the words marked."""
    words = [w for w in words if w and not w.startswith("zz")]
    lowered = body.lower()
    positions = [lowered.find(w.lower()) for w in words]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - 40) if found else 0
    piece = body[start : start + SNIPPET_LENGTH]
    escaped = html.escape(piece)
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.sub(
            re.escape(html.escape(word)), lambda m: f"<mark>{m.group(0)}</mark>", escaped, flags=re.I
        )
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(body) else ""
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 - built from escaped text
