"""Per-document values held in memory for counting facets and weighting scores, by document id — what
Lucene calls doc values.

Counting facets in SQL costs a B-tree lookup per match (about 4 µs on SQLite), 80 ms for 20,000
matches; here it is an array gather and a bincount, about 1 ms. A document's values never change
under its id: the index services replace a document by deleting it and inserting it anew, and ids are
never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL). So a process may keep what it has
loaded for as long as it runs, and loads only ids it has not seen, on first need. A database restored
from a backup or rolled back under a running process (as tests do) needs `doc_values.clear()`.
"""

import threading
from collections import defaultdict

import numpy as np

from ppuri.search.models import SearchDocument, SearchFacet

TYPE = "type"  # the document type, counted like a facet (the results page's tabs)
_LOAD_CHUNK = 2_000


class DocValues:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._keys: list[tuple[str, str]] = []
            self._codes: dict[tuple[str, str], int] = {}
            self._start = np.zeros(0, np.int64)
            self._length = np.full(0, -1, np.int32)  # -1: not loaded (or no such document)
            self._boost = np.ones(0, np.float64)
            self._values = np.zeros(4_096, np.int32)
            self._used = 0

    def counts(self, ids: np.ndarray) -> dict[str, dict[str, int]]:
        """How many of these documents have each facet value, by facet (and by type, under "type")."""
        with self._lock:
            self._ensure(ids)
            codes, _owners = self._gather(ids)
            if not codes.size:
                return {}
            tally = np.bincount(codes, minlength=len(self._keys))
            keys = list(self._keys)
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for code in np.flatnonzero(tally):
            facet, value = keys[code]
            counts[facet][value] = int(tally[code])
        return dict(counts)

    def matching(self, ids: np.ndarray, filters: dict[str, list[str]]) -> np.ndarray:
        """A mask over `ids`: the documents that have, for every facet of `filters`, one of its values."""
        with self._lock:
            self._ensure(ids)
            codes, owners = self._gather(ids)
            mask = np.ones(ids.size, bool)
            for facet, values in filters.items():
                wanted = [self._codes[(facet, value)] for value in values if (facet, value) in self._codes]
                hits = np.isin(codes, wanted)
                mask &= np.bincount(owners[hits], minlength=ids.size) > 0
            return mask

    def _gather(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every value code of these documents in one flat array, and the position in `ids` of its owner."""
        lengths = np.maximum(self._length[ids], 0).astype(np.int64)
        total = int(lengths.sum())
        firsts = np.repeat(self._start[ids] - (np.cumsum(lengths) - lengths), lengths)
        return self._values[firsts + np.arange(total)], np.repeat(np.arange(ids.size), lengths)

    def boosts(self, ids: np.ndarray) -> np.ndarray:
        with self._lock:
            self._ensure(ids)
            return self._boost[ids].copy()

    def load_all(self) -> int:
        """Load every document's values now (a web worker's warm-up: its first searches would otherwise
        load those they match, 300 ms for a word matching thousands of a national import's documents);
        returns how many documents there are. A few MB per 100,000 documents."""
        ids = np.fromiter(SearchDocument.objects.values_list("pk", flat=True).iterator(10_000), np.int64)
        with self._lock:
            self._ensure(ids)
        return int(ids.size)

    def _ensure(self, ids: np.ndarray) -> None:
        if not ids.size:
            return
        size = int(ids.max()) + 1
        if size > self._length.size:
            grown = max(size, self._length.size * 2)
            self._start = np.concatenate([self._start, np.zeros(grown - self._start.size, np.int64)])
            self._length = np.concatenate([self._length, np.full(grown - self._length.size, -1, np.int32)])
            self._boost = np.concatenate([self._boost, np.ones(grown - self._boost.size, np.float64)])
        missing = np.unique(ids[self._length[ids] < 0])
        for first in range(0, missing.size, _LOAD_CHUNK):
            self._load(missing[first : first + _LOAD_CHUNK].tolist())

    def _load(self, ids: list[int]) -> None:
        documents = SearchDocument.objects.filter(pk__in=ids).values_list("pk", "doc_type", "boost")
        values: dict[int, list[int]] = {}
        for pk, doc_type, boost in documents:
            values[pk] = [self._code(TYPE, doc_type)]
            self._boost[pk] = boost
        facets = SearchFacet.objects.filter(document_id__in=ids).values_list("document_id", "facet", "value")
        for document_id, facet, value in facets:
            if document_id in values:
                values[document_id].append(self._code(facet, value))
        needed = sum(len(codes) for codes in values.values())
        if self._used + needed > self._values.size:
            self._values = np.concatenate([self._values, np.zeros(max(needed, self._values.size), np.int32)])
        for pk, codes in values.items():
            self._start[pk] = self._used
            self._length[pk] = len(codes)
            self._values[self._used : self._used + len(codes)] = codes
            self._used += len(codes)

    def _code(self, facet: str, value: str) -> int:
        key = (facet, value)
        if key not in self._codes:
            self._codes[key] = len(self._keys)
            self._keys.append(key)
        return self._codes[key]


doc_values = DocValues()
