"""Which companies a search shows: the root-industry ones unless the caller asks for the others.

Company documents carry a `root_industry` facet, "true" or "false" (registry.search_documents, from the
organization's mark). A search leaves out the companies outside its scope the way it leaves out private
documents: a NOT of their filter term (search.engine.Match), so documents of other types are never
touched by it. The scope is "true" (the default), "false" or "any", taken from the search's `root_industry`
filter; search.selectors.search passes it to every match it runs (typo mending, the some-words results).
scores(), which ranks sourcing's candidates, passes "any": sourcing sees every company.
"""

from collections.abc import Iterable

from ppuri.search.tags import tag_term

ROOT_INDUSTRY = "root_industry"
SCOPES = ("true", "false", "any")
DEFAULT = "true"
ANY_SCOPE = "any"


def scope_of(values: Iterable[str] | None) -> str:
    """The scope a filter's values name; the default for none or for values it does not know, and "any"
    for both "true" and "false"."""
    known = {value.strip().lower() for value in values or []} & set(SCOPES)
    if not known:
        return DEFAULT
    if ANY_SCOPE in known or known == {"true", "false"}:
        return ANY_SCOPE
    return known.pop()


def hidden_terms(scope: str) -> list[str]:
    """The filter terms of the companies outside `scope`."""
    if scope == ANY_SCOPE:
        return []
    return [tag_term(ROOT_INDUSTRY, "false" if scope == "true" else "true")]
