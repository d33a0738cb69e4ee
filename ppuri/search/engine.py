"""The search engine beneath search.selectors: a query as groups of index terms, written as one full-text
expression for SQLite's FTS5 or PostgreSQL's tsquery, matched, ranked within a window and counted by
facet from the doc values. Which companies a match leaves out is its `scope` (search.scope), passed in,
like `member`, by the caller."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
from django.db import connection

from ppuri.search.analysis import (
    NAME_PART_MAX,
    NAME_PART_MIN,
    NAME_PART_PREFIX,
    NAME_START_PREFIX,
    Concept,
    analyzer,
    name_key,
    name_term,
)
from ppuri.search.doc_values import doc_values
from ppuri.search.scope import ANY_SCOPE, hidden_terms
from ppuri.search.tags import BUCKETS, MEMBERS, PRIVATE, sample_sizes, sample_term, tag_term

# Matches ranked per query (see Match): exact ranking up to here, measured in bench/search_scale.py.
RANK_WINDOW = 10_000
# Matches scored at most by scores() (the best of them).
SCORES_LIMIT = 50_000
# Sample size for the counts of a facet that is filtered on (counted without its filter).
FACET_SAMPLE = 5_000
# A broad query's sample is filtered in memory when at least this many of it pass (see select).
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


def query_groups(query: str) -> tuple[Groups, dict[str, Concept], list[str]]:
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


def fts5_expression(groups: Groups, joiner: str) -> str:
    def alternative(terms: list[str]) -> str:
        return "(" + " AND ".join(_fts5_quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " OR ".join(alternative(a) for a in group) + ")" for group in groups)


def tsquery(groups: Groups, joiner: str) -> str:
    def alternative(terms: list[str]) -> str:
        return "(" + " & ".join(_tsquery_quoted(t) for t in terms) + ")"

    return f" {joiner} ".join("(" + " | ".join(alternative(a) for a in group) + ")" for group in groups)


# Where each kind of name term is indexed: SQLite's column and PostgreSQL's weight (search.services).
_NAME_COLUMNS = {"whole": ("title", "A"), "start": ("names", "A"), "part": ("parts", "B")}


def name_alternatives(query_text: str) -> list[tuple[str, str]]:
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
            parts.append(fts5_expression(groups, "AND" if require_all else "OR"))
        else:
            parts.append(tsquery(groups, "&" if require_all else "|"))
    for kind, term in name_alternatives(query_text):
        column, weight = _NAME_COLUMNS[kind]
        if sqlite:
            parts.append(f"{column} : {_fts5_quoted(term)}")
        elif kind == "whole":
            parts.append(f"{_tsquery_quoted(term)}:{weight}")
        else:
            parts.append(f"{_tsquery_quoted(term)}:{weight} & {_tsquery_quoted(term)}:{weight}")
    return " OR ".join(f"({p})" for p in parts) if sqlite else " | ".join(f"({p})" for p in parts)


def _name_rank_expression(query_text: str) -> str:
    """PostgreSQL: the names the query may be, to rank them once more beside ts_rank (Match)."""
    return " | ".join(
        f"{_tsquery_quoted(term)}:{_NAME_COLUMNS[kind][1]}" for kind, term in name_alternatives(query_text)
    )


@dataclass
class Candidates:
    """A match's documents within the ranking window: ids, engine scores and the total (exact unless
    estimated from a sample, see select)."""

    ids: np.ndarray
    scores: np.ndarray
    total: int
    estimated: bool = False


class Match:
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

    def __init__(
        self,
        groups: Groups,
        *,
        query_text: str,
        mode: Mode,
        filters: dict[str, list[str]],
        member: bool = False,
        scope: str = ANY_SCOPE,
    ) -> None:
        self.groups, self.query_text, self.mode = groups, query_text, mode
        self.filters, self.member, self.scope = filters, member, scope
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
        hidden = [tag_term(*PRIVATE)] + ([] if member else [tag_term(*MEMBERS)]) + hidden_terms(scope)
        if sqlite:
            tags = "".join(
                " AND (" + " OR ".join(f'tags : "{alternative[0]}"' for alternative in group) + ")"
                for group in restrictions
            )
            self.expression = f"(({expression}){tags})" + "".join(f' NOT tags : "{term}"' for term in hidden)
        else:
            tags = "".join(f" & {tsquery([group], '&')}" for group in restrictions)
            self.expression = f"({expression}){tags}" + "".join(f" & !'{term}'" for term in hidden)
        # ts_rank gives many good matches the same 1.0: a name the query is (whole, start or part) is
        # ranked once more on its own, so it comes first as on SQLite, where its columns weigh.
        self.name_expression = "" if sqlite else _name_rank_expression(query_text)

    def without(self, facet: str) -> "Match":
        filters = {name: values for name, values in self.filters.items() if name != facet}
        return Match(
            self.groups,
            query_text=self.query_text,
            mode=self.mode,
            filters=filters,
            member=self.member,
            scope=self.scope,
        )

    def candidates(self, *, scored: bool = True, budget: int | None = None) -> Candidates:
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
            return Candidates(ids, scores, len(rows))
        if connection.vendor == "postgresql":
            # Counting every match would visit every one of them in the table; scaled from the sample.
            return Candidates(ids, scores, round(len(rows) * BUCKETS / buckets), estimated=True)
        return Candidates(ids, scores, self.count())

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


def ranked(candidates: Candidates) -> np.ndarray:
    """The candidates' ids, best first (score times the document's boost; ties by id)."""
    if not candidates.ids.size:
        return candidates.ids
    scores = candidates.scores * doc_values.boosts(candidates.ids)
    return candidates.ids[np.lexsort((candidates.ids, -scores))]


Counter = Callable[[], tuple[dict[str, dict[str, int]], bool]]


def select(
    groups: Groups,
    *,
    query_text: str,
    mode: Mode,
    filters: dict[str, list[str]],
    member: bool = False,
    scope: str = ANY_SCOPE,
) -> tuple[Candidates, Counter]:
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
    wide = Match(groups, query_text=query_text, mode=mode, filters={}, member=member, scope=scope)
    if not filters:
        everything = wide.candidates()
        return everything, lambda: engine_facet_counts(wide, everything)
    match = Match(groups, query_text=query_text, mode=mode, filters=filters, member=member, scope=scope)
    buckets = wide.sample_buckets(RANK_WINDOW)
    if buckets < BUCKETS and match.in_first_bucket() * buckets < FILTERED_SAMPLE_MIN:
        # Foreseen from the first bucket: too few of the sample would pass; the engine filters.
        candidates = match.candidates()
        return candidates, lambda: engine_facet_counts(match, candidates)
    everything = wide.candidates()
    mask = doc_values.matching(everything.ids, filters)
    ratio = everything.total / max(everything.ids.size, 1)
    if everything.ids.size < everything.total and mask.sum() < FILTERED_SAMPLE_MIN:
        candidates = match.candidates()
        return candidates, lambda: engine_facet_counts(match, candidates, unfiltered=everything)
    estimated = ratio > 1
    chosen = Candidates(
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


def engine_facet_counts(
    match: Match, candidates: Candidates, unfiltered: Candidates | None = None
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
