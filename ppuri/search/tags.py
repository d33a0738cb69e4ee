"""Filter terms: a document's type, visibility and facet values as extra index terms.

Filters then run inside the full-text engine (FTS5 MATCH or tsquery) as one more AND, instead of a join
per match: the engine intersects posting lists, which stays fast when a query matches a large share of
a million documents. A term is `zzf` and a hash of `kind=value`, so any facet value (slugs with dots and
hyphens, Hangul) becomes one token that both engines' plain tokenizers keep whole.
"""

import hashlib
from collections.abc import Iterable, Mapping

TAG_PREFIX = "zzf"
# Only the few private documents carry a visibility term: queries exclude it with a NOT, which costs a
# pass over a short posting list instead of an AND with one that every public document is on.
PRIVATE = ("visibility", "private")


def tag_term(kind: str, value: str) -> str:
    digest = hashlib.blake2b(f"{kind}={value}".encode(), digest_size=8).hexdigest()
    return TAG_PREFIX + digest


def document_tags(*, doc_type: str, is_public: bool, facets: Mapping[str, Iterable[str]]) -> str:
    terms = [tag_term("type", doc_type)]
    if not is_public:
        terms.append(tag_term(*PRIVATE))
    terms += [tag_term(facet, value) for facet, values in facets.items() for value in dict.fromkeys(values)]
    return " ".join(terms)
