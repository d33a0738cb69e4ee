"""Which companies a search shows: the root-industry ones unless the caller asks for the others.

Company documents carry a `root_industry` facet, "true" or "false" (registry.search_documents, from the
organization's mark). A search leaves out the companies outside its scope the way it leaves out private
documents: a NOT of their filter term (search.selectors._Match), so documents of other types are never
touched by it. The scope is "true" (the default), "false" or "any", taken from the search's `root_industry`
filter; it holds for every query one search() runs (typo mending, the some-words results) and for no other
caller: scores(), which ranks sourcing's candidates, sees every company.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from ppuri.search.tags import tag_term

ROOT_INDUSTRY = "root_industry"
SCOPES = ("true", "false", "any")
DEFAULT = "true"

_scope: ContextVar[str] = ContextVar("company_scope", default="any")


def scope_of(values: Iterable[str] | None) -> str:
    """The scope a filter's values name; the default for none or for values it does not know, and "any"
    for both "true" and "false"."""
    known = {value.strip().lower() for value in values or []} & set(SCOPES)
    if not known:
        return DEFAULT
    if "any" in known or known == {"true", "false"}:
        return "any"
    return known.pop()


def hidden_terms() -> list[str]:
    """The filter terms of the companies outside the current scope."""
    scope = _scope.get()
    if scope == "any":
        return []
    return [tag_term(ROOT_INDUSTRY, "false" if scope == "true" else "true")]


def company_scope[F: Callable[..., Any]](search: F) -> F:
    """Run a search function in the scope its `filters` keyword names."""

    @wraps(search)
    def scoped(*args: Any, **kwargs: Any) -> Any:
        token = _scope.set(scope_of((kwargs.get("filters") or {}).get(ROOT_INDUSTRY)))
        try:
            return search(*args, **kwargs)
        finally:
            _scope.reset(token)

    return scoped  # type: ignore[return-value]
