"""Filter terms: a document's type, visibility and facet values as extra index terms.

Filters then run inside the full-text engine (FTS5 MATCH or tsquery) as one more AND, instead of a join
per match: the engine intersects posting lists, which stays fast when a query matches a large share of
a million documents. A term is `zzf` and a hash of `kind=value`, so any facet value (slugs with dots and
hyphens, Hangul) becomes one token that both engines' plain tokenizers keep whole.
"""

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

TAG_PREFIX = "zzf"
# Only the few private documents carry a visibility term: queries exclude it with a NOT, which costs a
# pass over a short posting list instead of an AND with one that every public document is on.
PRIVATE = ("visibility", "private")
# Documents for signed-in users only (members-only knowledge, expert profiles): anonymous queries
# exclude them the same way.
MEMBERS = ("visibility", "members")


# Every document falls in one of BUCKETS buckets by a hash of its type and id: a query that matches
# too many documents to rank them all is ranked within its first few buckets, an even sample that is
# the same on both databases and on every page (search.engine.Match).
BUCKETS = 64


def bucket_of(doc_type: str, object_id: str) -> int:
    digest = hashlib.blake2b(f"{doc_type}:{object_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest) % BUCKETS


# A sample takes the first n buckets for one of these n, or all of them. A document carries a term for
# every n above its bucket, so SQLite's FTS5 finds a sample through one term: an OR of n bucket terms
# made bm25() weigh n more phrases for every row it ranked.
SAMPLE_SIZES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48)


def sample_sizes() -> tuple[int, ...]:
    return tuple(size for size in SAMPLE_SIZES if size < BUCKETS)


def sample_term(size: int) -> str:
    """The term of the documents in the first `size` buckets."""
    return tag_term("sample", str(size))


def sample_terms(bucket: int) -> tuple[str, ...]:
    return _sample_terms(bucket, BUCKETS)


@cache  # BUCKETS of them
def _sample_terms(bucket: int, buckets: int) -> tuple[str, ...]:
    return tuple(sample_term(size) for size in SAMPLE_SIZES if size < buckets and bucket < size)


# A national import tags 195,000 documents with a few hundred distinct facet values: hashed once each.
@lru_cache(maxsize=16_384)
def tag_term(kind: str, value: str) -> str:
    digest = hashlib.blake2b(f"{kind}={value}".encode(), digest_size=8).hexdigest()
    return TAG_PREFIX + digest


def document_tags(
    *,
    doc_type: str,
    object_id: str,
    is_public: bool,
    facets: Mapping[str, Iterable[str]],
    members_only: bool = False,
) -> str:
    terms = [tag_term("type", doc_type), *sample_terms(bucket_of(doc_type, object_id))]
    if not is_public:
        terms.append(tag_term(*PRIVATE))
    elif members_only:
        terms.append(tag_term(*MEMBERS))
    terms += [tag_term(facet, value) for facet, values in facets.items() for value in dict.fromkeys(values)]
    return " ".join(terms)
