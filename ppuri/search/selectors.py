"""Reads of the search index: one query function for the results page and the API."""

import html
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from ppuri.reference.models import Material, Process, Technology
from ppuri.search.analysis import (
    CONCEPT_TERM_PREFIX,
    NAME_PART_MAX,
    NAME_PART_MIN,
    NAME_PART_PREFIX,
    NAME_START_PREFIX,
    Concept,
    analyzer,
    corrections,
    name_key,
    name_term,
)
from ppuri.search.doc_values import TYPE, doc_values
from ppuri.search.documents import FACETS
from ppuri.search.models import SearchDocument
from ppuri.search.scope import company_scope, hidden_terms
from ppuri.search.tags import BUCKETS, MEMBERS, PRIVATE, sample_sizes, sample_term, tag_term

MAX_QUERY_LENGTH = 200
# Matches ranked per query (see _Match): exact ranking up to here, measured in bench/search_scale.py.
RANK_WINDOW = 10_000
# Matches scored at most by scores() (the best of them).
SCORES_LIMIT = 50_000
# Sample size for the counts of a facet that is filtered on (counted without its filter).
FACET_SAMPLE = 5_000
# A typo's candidate spellings are compared by their document counts, estimated beyond this many.
EVIDENCE_SAMPLE = 2_000
# A broad query's sample is filtered in memory when at least this many of it pass (see _select).
FILTERED_SAMPLE_MIN = RANK_WINDOW // 4
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
# SQLite's rank, lower for better matches, by column: title, concepts, body, tags (nothing: filters),
# the starts of names and all their parts (the whole name is in the title).
BM25 = "bm25(search_fts, 10.0, 8.0, 1.0, 0.0, 10.0, 4.0)"

# Which documents a match holds: those with every group of the query (ALL), with any (ANY), or with
# some but not all of them (SOME: the results offered apart from the all-terms ones).
ALL: Final = "all"
ANY: Final = "any"
SOME: Final = "some"
Mode = Literal["all", "any", "some"]


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
    all_terms: bool = True  # the document has every word of the query (else: some of them)


@dataclass
class SearchResult:
    query: str
    total: int  # the results listed, page after page: those with every word, unless `partial`
    took_ms: float
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # counted over the listed results
    types: dict[str, int] = field(default_factory=dict)  # the match's count per document type
    approximate: bool = False  # facet counts estimated from a sample (a very large match)
    estimated_total: bool = False  # the total too (a very large match narrowed by a broad filter)
    partial: bool = False  # the results listed have some words of the query, not all
    corrected: str = ""  # the query with a typo mended, when the results are for it
    groups: Groups = field(default_factory=list)
    total_all_terms: int = 0  # the documents with every word of the query
    # The documents with some of the words but not all; None when not counted (a query of one word,
    # or one whose all-words results fill the page: then none are offered).
    partial_total: int | None = None
    match: str = ALL  # ALL: the all-words results first (a short page filled below); ANY: the others


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


def _fts5_quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _tsquery_quoted(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _fts5_expression(groups: Groups, joiner: str) -> str:
    def alternative(terms: list[str]) -> str:
        return "(" + " AND ".join(_fts5_quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " OR ".join(alternative(a) for a in group) + ")" for group in groups)


def _tsquery(groups: Groups, joiner: str) -> str:
    def alternative(terms: list[str]) -> str:
        return "(" + " & ".join(_tsquery_quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " | ".join(alternative(a) for a in group) + ")" for group in groups)


# Where each kind of name term is indexed: SQLite's column and PostgreSQL's weight (search.services).
_NAME_COLUMNS = {"whole": ("title", "A"), "start": ("names", "A"), "part": ("parts", "B")}


def _name_alternatives(query_text: str) -> list[tuple[str, str]]:
    """(kind, term) of the names the query may be: a company's whole name, the start of one or any part
    of it (search.analysis.name_parts). They rank in that order: a start is a part too, and weighs more."""
    alternatives = []
    whole = name_term(query_text)
    if len(whole) > 4:
        alternatives.append(("whole", whole))
    key = name_key(query_text)
    if NAME_PART_MIN <= len(key) <= NAME_PART_MAX:
        alternatives += [("start", NAME_START_PREFIX + key), ("part", NAME_PART_PREFIX + key)]
    return alternatives


def _text_expression(groups: Groups, query_text: str, *, require_all: bool, sqlite: bool) -> str:
    """The query's groups, all of them or any, or a name the query may be (whole or part). Each name
    term is looked up in its own column or weight only, so no other text can pose as one.

    On PostgreSQL a name is ranked by _name_rank_expression, and its start and part are written
    'x & x': they are as common as the word they spell (대성 and zzb대성 go together), which the
    planner, taking them for independent, would count twice or three times and read every row of a
    partition instead of its index (88 ms instead of 14 for 대성 at 300,000 documents); 'x & x' matches
    what 'x' does, with its estimate squared."""
    parts = []
    if groups:
        if sqlite:
            parts.append(_fts5_expression(groups, "AND" if require_all else "OR"))
        else:
            parts.append(_tsquery(groups, "&" if require_all else "|"))
    for kind, term in _name_alternatives(query_text):
        column, weight = _NAME_COLUMNS[kind]
        if sqlite:
            parts.append(f"{column} : {_fts5_quoted(term)}")
        elif kind == "whole":
            parts.append(f"{_tsquery_quoted(term)}:{weight}")
        else:
            parts.append(f"{_tsquery_quoted(term)}:{weight} & {_tsquery_quoted(term)}:{weight}")
    return " OR ".join(f"({p})" for p in parts) if sqlite else " | ".join(f"({p})" for p in parts)


def _name_rank_expression(query_text: str) -> str:
    """PostgreSQL: the names the query may be, to rank them once more beside ts_rank (_Match)."""
    return " | ".join(
        f"{_tsquery_quoted(term)}:{_NAME_COLUMNS[kind][1]}" for kind, term in _name_alternatives(query_text)
    )


@dataclass
class _Candidates:
    """A match's documents within the ranking window: ids, engine scores and the total (exact unless
    estimated from a sample, see _select)."""

    ids: np.ndarray
    scores: np.ndarray
    total: int
    estimated: bool = False


class _Match:
    """The public documents that match a query and its filters, as one full-text expression: the
    filters are index terms (search.tags), so the engine intersects posting lists and nothing is joined
    per match. Visibility is a NOT of the few private documents' term, not an AND with a term that
    every public document carries (which would cost a pass over a million-entry posting list).

    A query that matches more than `budget` documents (RANK_WINDOW for ranking) is ranked within an
    even sample of at most that size: its first few buckets (search.tags.BUCKETS and SAMPLE_SIZES; SQLite
    finds them through one more index term, PostgreSQL as the first partitions of search_tsv), the same
    on both databases and on every page; its facet counts are estimated from the sample, and so is its
    total on PostgreSQL, where counting every match would mean visiting each in the table. Raw SQL
    because the ORM reaches neither FTS5 nor tsvector ranking; every value goes in as a parameter."""

    def __init__(self, groups: Groups, *, query_text: str, mode: Mode,
                 filters: dict[str, list[str]], member: bool = False) -> None:  # fmt: skip
        self.groups, self.query_text, self.mode = groups, query_text, mode
        self.filters, self.member = filters, member
        self._total: int | None = None
        self._in_first: int | None = None
        sqlite = connection.vendor != "postgresql"
        if mode == SOME:
            every = _text_expression(groups, query_text, require_all=True, sqlite=sqlite)
            some = _text_expression(groups, query_text, require_all=False, sqlite=sqlite)
            expression = f"({some}) NOT ({every})" if sqlite else f"({some}) & !({every})"
        else:
            expression = _text_expression(groups, query_text, require_all=mode == ALL, sqlite=sqlite)
        restrictions = [[[tag_term(facet, value)] for value in values] for facet, values in filters.items()]
        hidden = [tag_term(*PRIVATE)] + ([] if member else [tag_term(*MEMBERS)]) + hidden_terms()
        if sqlite:
            tags = "".join(
                " AND (" + " OR ".join(f'tags : "{alternative[0]}"' for alternative in group) + ")"
                for group in restrictions
            )
            self.expression = f"(({expression}){tags})" + "".join(f' NOT tags : "{term}"' for term in hidden)
        else:
            tags = "".join(f" & {_tsquery([group], '&')}" for group in restrictions)
            self.expression = f"({expression}){tags}" + "".join(f" & !'{term}'" for term in hidden)
        # ts_rank gives many good matches the same 1.0: a name the query is (whole, start or part) is
        # ranked once more on its own, so it comes first as on SQLite, where its columns weigh.
        self.name_expression = "" if sqlite else _name_rank_expression(query_text)

    def without(self, facet: str) -> "_Match":
        filters = {name: values for name, values in self.filters.items() if name != facet}
        return _Match(
            self.groups, query_text=self.query_text, mode=self.mode, filters=filters, member=self.member
        )

    def candidates(self, *, scored: bool = True, budget: int | None = None) -> _Candidates:
        buckets = self.sample_buckets(budget or RANK_WINDOW)
        if connection.vendor == "postgresql":
            score, args = "0", list[Any]()
            if scored:
                score, args = "ts_rank(tsv, to_tsquery('simple', %s))", [self.expression]
                if self.name_expression:
                    score += " + ts_rank(tsv, to_tsquery('simple', %s))"
                    args.append(self.name_expression)
            sql = f"SELECT id, {score} FROM search_tsv WHERE tsv @@ to_tsquery('simple', %s)"
            args.append(self.expression)
            if buckets < BUCKETS:
                sql += " AND bucket < %s"  # the partitions of the other buckets are pruned
                args.append(buckets)
        else:
            score = f"-{BM25}" if scored else "0"
            sql = f"SELECT rowid, {score} FROM search_fts WHERE search_fts MATCH %s"
            args = [self._restricted(buckets)]
        rows = _fetch(sql, args)
        ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
        scores = np.fromiter((row[1] for row in rows), np.float64, len(rows))
        if buckets == BUCKETS:
            return _Candidates(ids, scores, len(rows))
        if connection.vendor == "postgresql":
            # Counting every match would visit every one of them in the table; scaled from the sample.
            return _Candidates(ids, scores, round(len(rows) * BUCKETS / buckets), estimated=True)
        return _Candidates(ids, scores, self.count())

    def in_first_bucket(self) -> int:
        if self._in_first is None:
            self._in_first = self._count(buckets=1)
        return self._in_first

    def sample_buckets(self, budget: int) -> int:
        """How many buckets to rank within: all, or the most whose matches fit `budget` (the first
        bucket holds about 1/BUCKETS of the match)."""
        in_first = self.in_first_bucket()
        if in_first * BUCKETS <= budget:
            return BUCKETS
        return max((n for n in sample_sizes() if n * in_first <= budget), default=1)

    def object_scores(self, *, limit: int) -> list[tuple[str, float]]:
        """Every match's object id and boosted score, best first, at most `limit` of them — for a
        match narrowed by its filters to what a caller ranks in full (search.selectors.scores)."""
        if connection.vendor == "postgresql":
            sql = (
                "SELECT d.object_id, ts_rank(t.tsv, to_tsquery('simple', %s)) * d.boost AS score"
                " FROM search_tsv t JOIN search_searchdocument d ON d.id = t.id"
                " WHERE t.tsv @@ to_tsquery('simple', %s)"
            )
            args: list[Any] = [self.expression, self.expression]
        else:
            sql = (
                f"SELECT d.object_id, -{BM25} * d.boost AS score"
                " FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
                " WHERE search_fts MATCH %s"
            )
            args = [self.expression]
        return [(row[0], row[1]) for row in _fetch(f"{sql} ORDER BY score DESC LIMIT %s", [*args, limit])]

    def _restricted(self, buckets: int) -> str:
        """The FTS5 expression limited to the first `buckets` buckets."""
        if buckets >= BUCKETS:
            return self.expression
        return f'({self.expression}) AND tags : "{sample_term(buckets)}"'

    def _count(self, *, buckets: int) -> int:
        if connection.vendor == "postgresql":
            sql = "SELECT COUNT(*) FROM search_tsv WHERE tsv @@ to_tsquery('simple', %s) AND bucket < %s"
            return int(_fetch(sql, [self.expression, buckets])[0][0])
        sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
        return int(_fetch(sql, [self._restricted(buckets)])[0][0])

    def count(self) -> int:
        if self._total is None:
            if connection.vendor == "postgresql":
                sql = "SELECT COUNT(*) FROM search_tsv WHERE tsv @@ to_tsquery('simple', %s)"
            else:
                sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
            self._total = int(_fetch(sql, [self.expression])[0][0])
        return self._total


def _fetch(sql: str, args: list[Any]) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return list(cursor.fetchall())


def _ranked(candidates: _Candidates) -> np.ndarray:
    """The candidates' ids, best first (score times the document's boost; ties by id)."""
    if not candidates.ids.size:
        return candidates.ids
    scores = candidates.scores * doc_values.boosts(candidates.ids)
    return candidates.ids[np.lexsort((candidates.ids, -scores))]


Counter = Callable[[], tuple[dict[str, dict[str, int]], bool]]


def _select(groups: Groups, *, query_text: str, mode: Mode,
            filters: dict[str, list[str]], member: bool = False) -> tuple[_Candidates, Counter]:  # fmt: skip
    """The candidates to rank, and how to count the facets (with a flag for estimated counts).

    Filters are applied here, from the doc values, to the candidates of the query without them
    whenever that is exact or a fair estimate — cheaper than filter terms in the engine, whose rank
    function reads each term's whole posting list (a complex's runs to half the index):
    - the query without filters fits the ranking window: filtered here, exact;
    - it does not, and at least a quarter window of its even sample passes the filters: ranked within
      that sample, the total and the counts estimated from it;
    - otherwise (a narrow filter on a broad query) the engine filters, with an exact total; foreseen
      from the first bucket's counts when it can be, so the unfiltered sample is not ranked in vain.
    A facet that is filtered on is counted as if it were not, so its other values stay visible."""
    wide = _Match(groups, query_text=query_text, mode=mode, filters={}, member=member)
    if not filters:
        everything = wide.candidates()
        return everything, lambda: _engine_facet_counts(wide, everything)
    match = _Match(groups, query_text=query_text, mode=mode, filters=filters, member=member)
    buckets = wide.sample_buckets(RANK_WINDOW)
    if buckets < BUCKETS and match.in_first_bucket() * buckets < FILTERED_SAMPLE_MIN:
        # Foreseen from the first bucket: too few of the sample would pass; the engine filters.
        candidates = match.candidates()
        return candidates, lambda: _engine_facet_counts(match, candidates)
    everything = wide.candidates()
    mask = doc_values.matching(everything.ids, filters)
    ratio = everything.total / max(everything.ids.size, 1)
    if everything.ids.size < everything.total and mask.sum() < FILTERED_SAMPLE_MIN:
        candidates = match.candidates()
        return candidates, lambda: _engine_facet_counts(match, candidates, unfiltered=everything)
    estimated = ratio > 1
    chosen = _Candidates(
        everything.ids[mask], everything.scores[mask], round(int(mask.sum()) * ratio), estimated
    )

    def counted() -> tuple[dict[str, dict[str, int]], bool]:
        counts = _scaled(doc_values.counts(chosen.ids), ratio)
        for facet in filters:
            others = {name: values for name, values in filters.items() if name != facet}
            widened = everything.ids[doc_values.matching(everything.ids, others)]
            counts[facet] = _scaled(doc_values.counts(widened), ratio).get(facet, {})
        return counts, estimated

    return chosen, counted


def _scaled(counts: dict[str, dict[str, int]], ratio: float) -> dict[str, dict[str, int]]:
    if ratio == 1:
        return counts
    return {
        facet: {value: round(n * ratio) for value, n in values.items()} for facet, values in counts.items()
    }


def _engine_facet_counts(
    match: _Match, candidates: _Candidates, unfiltered: _Candidates | None = None
) -> tuple[dict[str, dict[str, int]], bool]:
    """Facet counts of a match the engine filtered; estimated from the sample when the match is larger
    than the ranking window (then the second value is True). `unfiltered` is the same query's
    candidates without any filter, when already at hand."""
    approximate = False

    def counted(ids: np.ndarray, total: int) -> dict[str, dict[str, int]]:
        nonlocal approximate
        if ids.size and total > ids.size:
            approximate = True
            return _scaled(doc_values.counts(ids), total / ids.size)
        return doc_values.counts(ids)

    counts = counted(candidates.ids, candidates.total)
    for facet in match.filters:
        if unfiltered is not None and len(match.filters) == 1:
            wider = unfiltered
        else:
            wider = match.without(facet).candidates(scored=False, budget=FACET_SAMPLE)
        counts[facet] = counted(wider.ids, wider.total).get(facet, {})
    return counts, approximate


@company_scope
def search(
    *,
    query: str,
    doc_type: str | None = None,
    filters: dict[str, list[str]] | None = None,
    page: int = 1,
    page_size: int = 20,
    member: bool = False,
    match: str = ALL,
) -> SearchResult:
    """`member`: the caller is signed in, and also finds the documents for members only.

    The results are those with every word of the query (each concept under any of its spellings, or a
    name the query is whole or part of); `total` and the facets count them. When they do not fill a
    page, those with some of the words follow below them (`all_terms` false on their hits), counted
    apart in `partial_total`, never in `total`; `match=ANY` lists those alone, page after page. When no
    document has every word, the results are those with some of them (`partial`)."""
    started = time.perf_counter()
    filters = {facet: values for facet, values in (filters or {}).items() if facet in FACETS and values}
    if doc_type:
        filters[TYPE] = [doc_type]
    groups, concepts, words = _groups(query)
    if not groups and not _name_alternatives(query):
        return SearchResult(query=query, total=0, took_ms=0.0, hits=[], facets={}, match=match)
    text = query
    found, facet_counter = _select(groups, query_text=text, mode=ALL, filters=filters, member=member)
    corrected = ""
    if not found.total:
        mended = _mend_typos(query, member=member)
        if mended != query:
            mended_groups, mended_concepts, mended_words = _groups(mended)
            mended_found, mended_counter = _select(
                mended_groups, query_text=mended, mode=ALL, filters=filters, member=member
            )
            if mended_found.total:
                groups, concepts, words, text = mended_groups, mended_concepts, mended_words, mended
                found, facet_counter, corrected = mended_found, mended_counter, mended
    listed, ranked, all_terms = found, _ranked(found), True
    partial_total: int | None = None
    filled: set[int] = set()  # the hits below the all-words ones, with some of the words
    if match == ANY and found.total:
        # Those with some of the words but not all, asked for apart (none for a query of one group).
        if len(groups) > 1:
            listed, facet_counter = _select(
                groups, query_text=text, mode=SOME, filters=filters, member=member
            )
        else:
            listed, facet_counter = _Candidates(found.ids[:0], found.scores[:0], 0), lambda: ({}, False)
        ranked, all_terms, partial_total = _ranked(listed), False, listed.total
    elif not found.total and len(groups) > 1:
        # No document has every word: those with some of them, said so (`partial`).
        listed, facet_counter = _select(groups, query_text=text, mode=ANY, filters=filters, member=member)
        ranked, all_terms, partial_total = _ranked(listed), False, listed.total
    elif len(groups) > 1 and found.total < page_size:
        # Too few have every word: below them, to fill the page, some of those with some of the words,
        # by relevance; counted apart, and the facets still count the all-words results only.
        anywhere, _counter = _select(groups, query_text=text, mode=ANY, filters=filters, member=member)
        rest = _ranked(anywhere)
        rest = rest[~np.isin(rest, ranked)][: page_size - found.total]
        partial_total = max(anywhere.total - found.total, 0)
        scored = dict(zip(anywhere.ids.tolist(), anywhere.scores.tolist(), strict=True))
        fill_scores = np.fromiter((scored[int(i)] for i in rest), np.float64, rest.size)
        listed = _Candidates(
            np.concatenate([found.ids, rest]),
            np.concatenate([found.scores, fill_scores]),
            found.total,
            found.estimated,
        )
        ranked = np.concatenate([ranked, rest])
        filled = set(rest.tolist())
    offset = (page - 1) * page_size
    page_ids = [int(document_id) for document_id in ranked[offset : offset + page_size]]
    scores = dict(zip(listed.ids.tolist(), listed.scores.tolist(), strict=True))
    documents = SearchDocument.objects.in_bulk(page_ids)
    labels = _concept_labels(concepts.values())
    hits = [
        _hit(
            documents[document_id],
            scores[document_id],
            concepts,
            labels,
            words,
            all_terms and document_id not in filled,
        )
        for document_id in page_ids
        if document_id in documents
    ]
    facets, approximate = facet_counter()
    types = facets.pop(TYPE, {})
    return SearchResult(
        query=query,
        total=listed.total,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        hits=hits,
        facets=facets,
        types=types,
        approximate=approximate,
        estimated_total=listed.estimated,
        partial=not all_terms,
        corrected=corrected,
        groups=groups,
        total_all_terms=found.total,
        partial_total=partial_total,
        match=ANY if match == ANY else ALL,
    )


def scores(
    *,
    query: str,
    doc_type: str,
    filters: dict[str, list[str]] | None = None,
    known: Iterable[Concept] = (),
) -> dict[str, float]:
    """Relevance of the documents of one type, narrowed by facet filters, that share any word or concept
    with a longer text (a sourcing request's description), by object id. For other apps' rankings: the
    search page uses search(). The filters run in the engine and every match is scored (up to
    SCORES_LIMIT, the best): a caller narrows by a facet to the few hundred or thousand it ranks (the
    suppliers of one process) and needs each one's score, not a sample's.

    Left out of the text: the `known` concepts, which the caller's own filters already vouch for in
    every candidate (the processes of a request's steps), so they neither narrow nor rank; and lone
    numbers and one-syllable words, which in a description are quantities and connectives (후, 월)."""
    groups, _concepts, _words = _groups(query[:2_000])
    skipped = {concept.term for concept in known}
    groups = [group for group in groups if group[0][0] not in skipped and not _filler(group)]
    if not groups:
        return {}
    wanted = {facet: values for facet, values in (filters or {}).items() if values}
    wanted[TYPE] = [doc_type]
    match = _Match(groups, query_text="", mode=ANY, filters=wanted)
    return {object_id: float(score) for object_id, score in match.object_scores(limit=SCORES_LIMIT)}


def _filler(group: list[list[str]]) -> bool:
    """A group of a long text that says nothing of a document: one number, or one Hangul syllable."""
    if len(group) != 1 or len(group[0]) != 1:
        return False
    term = group[0][0]
    return term.replace(",", "").replace(".", "").isdigit() or (len(term) == 1 and "가" <= term <= "힣")


def _mend_typos(query: str, *, member: bool) -> str:
    """The query with each unknown word of four or more letters (three Hangul syllables) replaced by a
    vocabulary word a single edit away, particles set aside (다이캐스띵을 → 다이캐스팅): of several, the
    one the index holds most evidence of (다이캐스탱 → 다이캐스팅 rather than 다이캐스트)."""
    engine = analyzer()
    mended = []
    for word in query.split():
        candidates = corrections(word, engine.spellings)
        if not candidates:
            terms = [t for t in engine.terms(word) if not t.startswith(CONCEPT_TERM_PREFIX)]
            if terms and terms[0] != word.casefold():
                candidates = corrections(terms[0], engine.spellings)
        mended.append(_most_evidenced(candidates, member=member) or word)
    return " ".join(mended)


def _most_evidenced(spellings: list[str], *, member: bool) -> str | None:
    """The spelling written in the most documents the caller may see (its document frequency, counting
    its own words, not its concept, which every spelling of it shares); when none is written anywhere,
    the one whose concept is found in the most (양극산하 → 양극산화, a synonym of the 아노다이징 the
    documents write). The first alphabetically on a tie; None when the index holds none of them."""
    engine = analyzer()
    for own_words in (True, False):
        best, most = None, 0.0
        for spelling in spellings:
            if own_words:
                words = [t for t in engine.terms(spelling) if not t.startswith(CONCEPT_TERM_PREFIX)]
                groups = [[list(dict.fromkeys(words))]] if words else []
            else:
                groups = _groups(spelling)[0]
            if not groups:
                continue
            frequency = _evidence(_Match(groups, query_text="", mode=ALL, filters={}, member=member))
            if frequency > most:
                best, most = spelling, frequency
        if best:
            return best
    return None


def _evidence(match: _Match) -> float:
    """How many documents a match holds: exact up to EVIDENCE_SAMPLE of them, beyond that estimated
    from its first buckets (search.tags), so a common spelling is not counted row by row."""
    buckets = match.sample_buckets(EVIDENCE_SAMPLE)
    if buckets == BUCKETS:
        return match.count()
    return match._count(buckets=buckets) * BUCKETS / buckets


def _hit(
    document: SearchDocument,
    score: float,
    concepts: dict[str, Concept],
    labels: dict[Concept, str],
    words: list[str],
    all_terms: bool = True,
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
        all_terms=all_terms,
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
