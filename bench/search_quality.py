"""Search quality on the demo Incheon: Ppuri's company search against a naive full-text baseline.

    .venv/bin/python bench/search_quality.py   # a fresh SQLite file in a temporary folder, removed after
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/search_quality.py

The labelled queries are in bench/search_queries.toml (BENCH_QUERIES=path for another set): relevance
rules graded 0–3, evaluated against the demo database, so no company id is written down anywhere.

For every query it runs `ppuri.search.selectors.search(query=q, doc_type="company", page_size=10)` and,
in the same run, a naive baseline: an in-memory SQLite FTS5 table with its default tokenizer (unicode61)
over the raw company text (name, English name and the body that
`ppuri.registry.search_documents.company_document` builds: products, descriptions, raw materials,
processes, materials, technologies, certifications, complex and address), queried with the raw query
string (each whitespace-separated word quoted, all of them required; when that finds nothing, any of
them) and ranked by bm25().

Figures: nDCG@10 with graded gains 2^g − 1 and a log2 discount, the ideal DCG taken over the grades of
ALL public companies for that query; recall@10 with "relevant" meaning grade ≥ 2, divided by
min(10, number of relevant companies). Nothing is asserted: the goal (nDCG@10 ≥ 0.90 and ≥ 0.20 above
the baseline) is read off the output, and the weakest queries are listed to guide tuning.

Apart from the labelled set (and from its means) it also looks up every 24th company by its own name,
legal form left out, and prints how often each engine puts that company first and on page one; then by
part of its name — its first three letters, and the name without its first two — and how often each
engine has it on page one.
"""

import math
import os
import sqlite3
import statistics
import time
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db.models import Prefetch

from ppuri.demo.services import demo_load
from ppuri.reference.models import (
    Certification,
    Complex,
    Material,
    Process,
    Sector,
    Technology,
)
from ppuri.registry.models import (
    Capability,
    Organization,
    OrganizationCertification,
    OrganizationTechnology,
    Site,
)
from ppuri.registry.search_documents import company_document
from ppuri.search.selectors import search

K = 10
RELEVANT = 2  # grade from which a company counts for recall
WEAK = 0.8  # queries under this nDCG@10 are listed for tuning
NAME_STEP = 24  # every 24th company (by id) is looked up by its name: about 100 on the demo
QUERIES = Path(os.environ.get("BENCH_QUERIES", Path(__file__).with_name("search_queries.toml")))
CAPABILITY_KEYS = ("process", "technology", "material")
RULE_KEYS = frozenset({*CAPABILITY_KEYS, "certification", "complex", "sector", "products"})


# --- the demo companies, as facts the rules can test ----------------------------------------------


@dataclass(frozen=True)
class CapabilityFacts:
    process: str
    technology: str
    materials: frozenset[str]


@dataclass
class Company:
    pk: str
    capabilities: list[CapabilityFacts]
    declared_technologies: frozenset[str]  # OrganizationTechnology
    certifications: frozenset[str]
    complexes: frozenset[str]
    sectors: frozenset[str]
    text: str  # products and raw materials, lower-cased
    name: str = ""  # the name without its legal form, as someone would type it (normalized_name)
    title: str = ""
    body: str = ""


def public_companies() -> list[Company]:
    """Every company the search can return, with its facts and its raw text for the baseline."""
    organizations = (
        Organization.objects.filter(kind=Organization.Kind.COMPANY, is_public=True)
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("complex")),
            Prefetch(
                "capabilities",
                queryset=Capability.objects.select_related("process__technology").prefetch_related(
                    "materials"
                ),
            ),
            Prefetch(
                "certifications",
                queryset=OrganizationCertification.objects.select_related("certification"),
            ),
            Prefetch("technologies", queryset=OrganizationTechnology.objects.select_related("technology")),
            "sectors",
        )
        .order_by("pk")
    )
    companies = []
    for organization in organizations:
        document = company_document(organization)
        companies.append(
            Company(
                pk=str(organization.pk),
                capabilities=[
                    CapabilityFacts(
                        process=c.process.slug,
                        technology=c.process.technology.slug,
                        materials=frozenset(m.slug for m in c.materials.all()),
                    )
                    for c in organization.capabilities.all()
                ],
                declared_technologies=frozenset(t.technology.slug for t in organization.technologies.all()),
                certifications=frozenset(h.certification.slug for h in organization.certifications.all()),
                complexes=frozenset(s.complex.slug for s in organization.sites.all() if s.complex),
                sectors=frozenset(s.slug for s in organization.sectors.all()),
                text=f"{organization.products}\n{organization.raw_materials}".lower(),
                name=organization.normalized_name,
                title=document.title,
                body=document.body,
            )
        )
    return companies


# --- the labels -----------------------------------------------------------------------------------


@dataclass
class Query:
    q: str
    kind: str
    rules: dict[int, list[dict[str, list[str]]]]  # grade → rules, any of which gives the grade
    grades: dict[str, int] = field(default_factory=dict)  # company pk → grade (0 left out)


def load_queries(path: Path) -> list[Query]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    known = {
        "process": set(Process.objects.values_list("slug", flat=True)),
        "technology": set(Technology.objects.values_list("slug", flat=True)),
        "material": set(Material.objects.values_list("slug", flat=True)),
        "certification": set(Certification.objects.values_list("slug", flat=True)),
        "complex": set(Complex.objects.values_list("slug", flat=True)),
        "sector": set(Sector.objects.values_list("slug", flat=True)),
    }
    queries = []
    for entry in data["query"]:
        rules: dict[int, list[dict[str, list[str]]]] = {}
        for grade in (3, 2, 1):
            value: Any = entry.get(f"grade{grade}")
            if value is None:
                continue
            rules[grade] = [value] if isinstance(value, dict) else list(value)
            for rule in rules[grade]:
                _check_rule(entry["q"], rule, known)
        if 3 not in rules:
            raise ValueError(f"{entry['q']!r}: no grade3 rule")
        queries.append(Query(q=entry["q"], kind=entry.get("kind", ""), rules=rules))
    return queries


def _check_rule(q: str, rule: dict[str, list[str]], known: dict[str, set[str]]) -> None:
    """A misspelt key or slug would silently grade everything 0: fail loudly instead."""
    if not rule or set(rule) - RULE_KEYS:
        raise ValueError(f"{q!r}: bad rule keys {sorted(set(rule) - RULE_KEYS) or rule}")
    for key, values in rule.items():
        if not isinstance(values, list) or not values:
            raise ValueError(f"{q!r}: {key} must be a non-empty list")
        unknown = [v for v in values if key in known and v not in known[key]]
        if unknown:
            raise ValueError(f"{q!r}: unknown {key} {unknown}")


def satisfies(company: Company, rule: dict[str, list[str]]) -> bool:
    wanted = {key: frozenset(rule[key]) for key in CAPABILITY_KEYS if key in rule}
    if wanted:
        on_one_capability = any(
            ("process" not in wanted or c.process in wanted["process"])
            and ("technology" not in wanted or c.technology in wanted["technology"])
            and ("material" not in wanted or c.materials & wanted["material"])
            for c in company.capabilities
        )
        declared = set(wanted) == {"technology"} and bool(
            company.declared_technologies & wanted["technology"]
        )
        if not (on_one_capability or declared):
            return False
    checks = (
        ("certification", company.certifications),
        ("complex", company.complexes),
        ("sector", company.sectors),
    )
    for key, have in checks:
        if key in rule and not have & set(rule[key]):
            return False
    return "products" not in rule or any(word.lower() in company.text for word in rule["products"])


def grade(company: Company, query: Query) -> int:
    for value in (3, 2, 1):
        if any(satisfies(company, rule) for rule in query.rules.get(value, [])):
            return value
    return 0


# --- the two engines --------------------------------------------------------------------------------


def ppuri_top(q: str) -> tuple[list[str], float, bool]:
    result = search(query=q, doc_type="company", page_size=K)
    return [hit.object_id for hit in result.hits], result.took_ms, result.partial


class Baseline:
    """SQLite FTS5, default tokenizer (unicode61), raw text in, raw query words in, bm25 out."""

    def __init__(self, companies: list[Company]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
        self.db.executemany(
            "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
            [(int(c.pk), c.title, c.body) for c in companies],
        )

    def top(self, q: str) -> list[str]:
        words = [w for w in q.split() if any(ch.isalnum() for ch in w)]
        if not words:
            return []
        phrases = ['"' + w.replace('"', '""') + '"' for w in words]
        for joiner in (" AND ", " OR "):
            rows = self.db.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), rowid LIMIT ?",
                [joiner.join(phrases), K],
            ).fetchall()
            if rows:
                return [str(row[0]) for row in rows]
        return []


# --- metrics ----------------------------------------------------------------------------------------


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades[:K]))


def ndcg(ranked: list[str], query: Query) -> float:
    ideal = dcg(sorted(query.grades.values(), reverse=True))
    return dcg([query.grades.get(pk, 0) for pk in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], query: Query) -> float | None:
    relevant = sum(1 for g in query.grades.values() if g >= RELEVANT)
    if not relevant:
        return None
    found = sum(1 for pk in ranked[:K] if query.grades.get(pk, 0) >= RELEVANT)
    return found / min(K, relevant)


# --- output -----------------------------------------------------------------------------------------


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def fmt(value: float | None) -> str:
    return "   –" if value is None else f"{value:4.2f}"


def mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else 0.0


@dataclass
class Row:
    query: Query
    ppuri: list[str]
    base: list[str]
    ppuri_ndcg: float
    base_ndcg: float
    ppuri_recall: float | None
    base_recall: float | None
    took_ms: float
    partial: bool


def name_lookups(companies: list[Company], baseline: Baseline) -> None:
    """Outside the labelled set: can a company be found by its own name? A sample of names as typed
    (legal form and punctuation left out), the company first and on page one, for both engines."""
    sample = [c for c in companies[::NAME_STEP] if c.name]
    first = {"ppuri": 0, "baseline": 0}
    page = {"ppuri": 0, "baseline": 0}
    misses = []
    for company in sample:
        ppuri, _took_ms, _partial = ppuri_top(company.name)
        for engine, ranked in (("ppuri", ppuri), ("baseline", baseline.top(company.name))):
            first[engine] += ranked[:1] == [company.pk]
            page[engine] += company.pk in ranked
        if company.pk not in ppuri:
            misses.append(f"{company.name} ({len(ppuri)} hits)")
    share = {engine: f"{100 * first[engine] / len(sample):.0f} %" for engine in first}
    on_page = {engine: f"{100 * page[engine] / len(sample):.0f} %" for engine in page}
    print(
        f"\ncompany-name lookups ({len(sample)} names, every {NAME_STEP}th company; not in the means above)"
    )
    print(f"{'found first':<28}{share['ppuri']:>8}{share['baseline']:>10}")
    print(f"{'on page one':<28}{on_page['ppuri']:>8}{on_page['baseline']:>10}")
    if misses:
        print(f"  not on Ppuri's page one: {', '.join(misses[:10])}{' …' if len(misses) > 10 else ''}")


def name_part_lookups(companies: list[Company], baseline: Baseline) -> None:
    """Outside the labelled set: part of a name, as someone who half remembers it types it (한결알 or
    알루미늄주조 for 한결알루미늄주조): how often the company is on each engine's page one."""
    sample = [c for c in companies[::NAME_STEP] if len(c.name) >= 5]
    parts = {"first three letters": lambda name: name[:3], "all but the first two": lambda name: name[2:]}
    print(f"\nname-part lookups ({len(sample)} names of 5+ letters, on page one; not in the means above)")
    for label, part_of in parts.items():
        page = {"ppuri": 0, "baseline": 0}
        for company in sample:
            ppuri, _took_ms, _partial = ppuri_top(part_of(company.name))
            page["ppuri"] += company.pk in ppuri
            page["baseline"] += company.pk in baseline.top(part_of(company.name))
        share = {engine: f"{100 * page[engine] / len(sample):.0f} %" for engine in page}
        print(f"{label:<28}{share['ppuri']:>8}{share['baseline']:>10}")


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    demo_load(seed=settings.PPURI_DEMO_SEED)
    loaded = time.perf_counter() - started
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]

    companies = public_companies()
    queries = load_queries(QUERIES)
    for query in queries:
        query.grades = {c.pk: g for c in companies if (g := grade(c, query))}
    baseline = Baseline(companies)
    print(
        f"search quality · {engine} · seed {settings.PPURI_DEMO_SEED} · {len(companies):,} public companies"
        f" · {len(queries)} queries ({QUERIES.name}) · demo loaded and indexed in {loaded:.0f} s"
    )

    rows: list[Row] = []
    skipped = []
    for query in queries:
        if not any(g >= RELEVANT for g in query.grades.values()):
            skipped.append(query.q)
            continue
        ppuri, took_ms, partial = ppuri_top(query.q)
        base = baseline.top(query.q)
        rows.append(
            Row(
                query=query,
                ppuri=ppuri,
                base=base,
                ppuri_ndcg=ndcg(ppuri, query),
                base_ndcg=ndcg(base, query),
                ppuri_recall=recall(ppuri, query),
                base_recall=recall(base, query),
                took_ms=took_ms,
                partial=partial,
            )
        )

    size = max(width(row.query.q) for row in rows) + 2
    print()
    print(
        f"{'#':>3}  {pad('query', size)}{'kind':<14}{'g3':>4}{'rel':>5}   "
        f"nDCG@10 ppuri  base   recall@10 ppuri  base"
    )
    for number, row in enumerate(rows, 1):
        g3 = sum(1 for g in row.query.grades.values() if g == 3)
        relevant = sum(1 for g in row.query.grades.values() if g >= RELEVANT)
        print(
            f"{number:>3}  {pad(row.query.q, size)}{row.query.kind:<14}{g3:>4}{relevant:>5}   "
            f"        {fmt(row.ppuri_ndcg)}  {fmt(row.base_ndcg)}             {fmt(row.ppuri_recall)}  "
            f"{fmt(row.base_recall)}{'  (partial)' if row.partial else ''}"
        )
    if skipped:
        print(f"\nskipped, no company of grade ≥ {RELEVANT} in this demo: {', '.join(skipped)}")

    ppuri_ndcg = mean([row.ppuri_ndcg for row in rows])
    base_ndcg = mean([row.base_ndcg for row in rows])
    ppuri_recall = mean([row.ppuri_recall for row in rows])
    base_recall = mean([row.base_recall for row in rows])
    heading = f"mean over {len(rows)} queries"
    print(f"\n{heading:<28}{'ppuri':>8}{'baseline':>10}{'ppuri − baseline':>19}")
    print(f"{'nDCG@10':<28}{ppuri_ndcg:8.3f}{base_ndcg:10.3f}{ppuri_ndcg - base_ndcg:+19.3f}")
    print(f"{'recall@10':<28}{ppuri_recall:8.3f}{base_recall:10.3f}{ppuri_recall - base_recall:+19.3f}")
    print(f"{'Ppuri query time, mean':<28}{statistics.fmean(row.took_ms for row in rows):6.1f} ms")

    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[row.query.kind].append(row)
    print(f"\n{'nDCG@10 by kind':<28}{'ppuri':>8}{'baseline':>10}{'queries':>9}")
    for kind, kind_rows in by_kind.items():
        print(
            f"{kind:<28}{mean([r.ppuri_ndcg for r in kind_rows]):8.3f}"
            f"{mean([r.base_ndcg for r in kind_rows]):10.3f}{len(kind_rows):>9}"
        )

    met = ppuri_ndcg >= 0.90 and ppuri_ndcg - base_ndcg >= 0.20
    print(
        f"\ngoal (nDCG@10 ≥ 0.90 and ≥ 0.20 above the baseline): {'met' if met else 'not met'}"
        f" (ppuri {ppuri_ndcg:.3f}, baseline {base_ndcg:.3f}, difference {ppuri_ndcg - base_ndcg:+.3f})"
    )

    name_lookups(companies, baseline)
    name_part_lookups(companies, baseline)

    weak = sorted((row for row in rows if row.ppuri_ndcg < WEAK), key=lambda row: row.ppuri_ndcg)
    print(f"\nPpuri below {WEAK} ({len(weak)}): grades of its top {K}, best possible, and the baseline's")
    for row in weak:
        ideal = sorted(row.query.grades.values(), reverse=True)[:K]
        print(
            f"  {fmt(row.ppuri_ndcg)}  {pad(row.query.q, size)}"
            f"ppuri [{' '.join(str(row.query.grades.get(pk, 0)) for pk in row.ppuri) or '—'}]"
            f"{' partial' if row.partial else ''}  ideal [{' '.join(map(str, ideal))}]"
            f"  baseline [{' '.join(str(row.query.grades.get(pk, 0)) for pk in row.base) or '—'}]"
        )


if __name__ == "__main__":
    main()
