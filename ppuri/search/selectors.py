"""Reads of the search index: one query function for the results page and the API, and scores() for
other apps' rankings. The engine beneath them is search.engine; typo mending is search.typos."""

import html
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from ppuri.reference.models import Material, Process, Technology
from ppuri.search.analysis import Concept
from ppuri.search.doc_values import TYPE
from ppuri.search.documents import FACETS
from ppuri.search.engine import (
    ALL,
    ANY,
    RANK_WINDOW,
    SOME,
    Candidates,
    Groups,
    Match,
    name_alternatives,
    query_groups,
    ranked,
    select,
)
from ppuri.search.models import SearchDocument
from ppuri.search.scope import ANY_SCOPE, ROOT_INDUSTRY, scope_of
from ppuri.search.typos import mend_typos

__all__ = ["ALL", "ANY", "MAX_QUERY_LENGTH", "RANK_WINDOW", "Hit", "SearchResult", "scores", "search"]


MAX_QUERY_LENGTH = 200
# Matches scored at most by scores() (the best of them).
SCORES_LIMIT = 50_000
SNIPPET_LENGTH = 160


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
    """`member`: the caller is signed in, and also finds the documents for members only. Companies are
    those of the scope `filters["root_industry"]` names (search.scope: root-industry ones by default).

    The results are those with every word of the query (each concept under any of its spellings, or a
    name the query is whole or part of); `total` and the facets count them. When they do not fill a
    page, those with some of the words follow below them (`all_terms` false on their hits), counted
    apart in `partial_total`, never in `total`; `match=ANY` lists those alone, page after page. When no
    document has every word, the results are those with some of them (`partial`)."""
    started = time.perf_counter()
    scope = scope_of((filters or {}).get(ROOT_INDUSTRY))
    filters = {facet: values for facet, values in (filters or {}).items() if facet in FACETS and values}
    if doc_type:
        filters[TYPE] = [doc_type]
    groups, concepts, words = query_groups(query)
    if not groups and not name_alternatives(query):
        return SearchResult(query=query, total=0, took_ms=0.0, hits=[], facets={}, match=match)
    text = query
    # Every match of this search sees what the caller may see, narrowed alike.
    run = partial(select, filters=filters, member=member, scope=scope)
    found, facet_counter = run(groups, query_text=text, mode=ALL)
    corrected = ""
    if not found.total:
        mended = mend_typos(query, member=member, scope=scope)
        if mended != query:
            mended_groups, mended_concepts, mended_words = query_groups(mended)
            mended_found, mended_counter = run(mended_groups, query_text=mended, mode=ALL)
            if mended_found.total:
                groups, concepts, words, text = mended_groups, mended_concepts, mended_words, mended
                found, facet_counter, corrected = mended_found, mended_counter, mended
    listed, order, all_terms = found, ranked(found), True
    partial_total: int | None = None
    filled: set[int] = set()  # the hits below the all-words ones, with some of the words
    if match == ANY and found.total:
        # Those with some of the words but not all, asked for apart (none for a query of one group).
        if len(groups) > 1:
            listed, facet_counter = run(groups, query_text=text, mode=SOME)
        else:
            listed, facet_counter = Candidates(found.ids[:0], found.scores[:0], 0), lambda: ({}, False)
        order, all_terms, partial_total = ranked(listed), False, listed.total
    elif not found.total and len(groups) > 1:
        # No document has every word: those with some of them, said so (`partial`).
        listed, facet_counter = run(groups, query_text=text, mode=ANY)
        order, all_terms, partial_total = ranked(listed), False, listed.total
    elif len(groups) > 1 and found.total < page_size:
        # Too few have every word: below them, to fill the page, some of those with some of the words,
        # by relevance; counted apart, and the facets still count the all-words results only.
        anywhere, _counter = run(groups, query_text=text, mode=ANY)
        rest = ranked(anywhere)
        rest = rest[~np.isin(rest, order)][: page_size - found.total]
        partial_total = max(anywhere.total - found.total, 0)
        scored = dict(zip(anywhere.ids.tolist(), anywhere.scores.tolist(), strict=True))
        fill_scores = np.fromiter((scored[int(i)] for i in rest), np.float64, rest.size)
        listed = Candidates(
            np.concatenate([found.ids, rest]),
            np.concatenate([found.scores, fill_scores]),
            found.total,
            found.estimated,
        )
        order = np.concatenate([order, rest])
        filled = set(rest.tolist())
    offset = (page - 1) * page_size
    page_ids = [int(document_id) for document_id in order[offset : offset + page_size]]
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
    groups, _concepts, _words = query_groups(query[:2_000])
    skipped = {concept.term for concept in known}
    groups = [group for group in groups if group[0][0] not in skipped and not _filler(group)]
    if not groups:
        return {}
    wanted = {facet: values for facet, values in (filters or {}).items() if values}
    wanted[TYPE] = [doc_type]
    match = Match(groups, query_text="", mode=ANY, filters=wanted, scope=ANY_SCOPE)
    return {object_id: float(score) for object_id, score in match.object_scores(limit=SCORES_LIMIT)}


def _filler(group: list[list[str]]) -> bool:
    """A group of a long text that says nothing of a document: one number, or one Hangul syllable."""
    if len(group) != 1 or len(group[0]) != 1:
        return False
    term = group[0][0]
    return term.replace(",", "").replace(".", "").isdigit() or (len(term) == 1 and "가" <= term <= "힣")


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
