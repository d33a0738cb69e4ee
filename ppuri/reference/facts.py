"""A complex's dated figures as a citizen reads them: the value in the units of the reader's language
(26.8조 원, 10만 2,791명), and the sources as publisher, title, date and address.

The figures and their sources come from reference/data/complexes.toml; what a maintainer needs to know
about how a figure was read stays in that file's comments and is never shown."""

from dataclasses import dataclass
from typing import Any

from ppuri.core.i18n import in_reader_language, reads_english
from ppuri.core.text import english_won, korean_with_counter, korean_won

# A source as complexes.toml's [source."…"] tables spell it (and ComplexFact.sources stores it).
SOURCE_FIELDS = ("publisher_ko", "publisher_en", "title_ko", "title_en", "published", "url")

# m², not ㎡: the square-metre sign is missing from many web fonts (KRDS's Pretendard GOV among them).
_KOREAN_COUNTERS = {"companies": "곳", "workers": "명", "area_m2": "m²"}
_ENGLISH_COUNTERS = {"companies": "firms", "workers": "people", "area_m2": "m²"}


@dataclass(frozen=True)
class FactSource:
    publisher: str
    title: str
    published: str  # YYYY-MM-DD, or "" when the page shows no date
    url: str


def fact_value(*, metric: str, value: Any) -> str:
    """The figure in the reader's units: 26.8조 원 / KRW 26.8 trillion, 10만 2,791명 / 102,791 people."""
    if metric == "output_krw":
        return english_won(value) if reads_english() else korean_won(value)
    if reads_english():
        return f"{round(value):,} {_ENGLISH_COUNTERS.get(metric, '')}".strip()
    return korean_with_counter(value, _KOREAN_COUNTERS.get(metric, ""))


def fact_sources(sources: list[dict[str, str]]) -> list[FactSource]:
    """The stored sources in the reader's language (Korean where no English is written)."""
    return [
        FactSource(
            publisher=in_reader_language(source["publisher_ko"], source.get("publisher_en", "")),
            title=in_reader_language(source["title_ko"], source.get("title_en", "")),
            published=source.get("published", ""),
            url=source["url"],
        )
        for source in sources
    ]


def sources_as_text(sources: list[dict[str, str]]) -> str:
    """One line for plain-text readers (the API's `source`): publisher, 「title」, date, address; …"""
    return "; ".join(
        ", ".join(filter(None, [s["publisher_ko"], f"「{s['title_ko']}」", s.get("published", ""), s["url"]]))
        for s in sources
    )
