"""Search at scale: synthetic company-like documents through the real indexing path, then queries with facets.

    .venv/bin/python bench/search_scale.py                      # 20,000 documents on SQLite
    BENCH_DOCS=100000 .venv/bin/python bench/search_scale.py    # the issue's company scale
    BENCH_DOCS=1000000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench \\
        .venv/bin/python bench/search_scale.py

Prints indexing time, index size and p50/p95 of Ppuri's search (analysis, ranking, first page, facet
counts) next to the raw engine's own match-and-rank time for the same terms (FTS5 MATCH or tsquery),
measured in the same run, as a ratio. Asserts nothing.
"""

import os
import random
import statistics
import time

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from ppuri.search.analysis import Concept
from ppuri.search.documents import Document
from ppuri.search.selectors import _fts5_expression, _groups, _tsquery, search
from ppuri.search.services import index_documents

DOCS = int(os.environ.get("BENCH_DOCS", "20000"))
BATCH = 2_000
ROUNDS = 20
PROCESSES = [
    ("casting.die-casting", "알루미늄 다이캐스팅 자동차 부품"),
    ("heat-treatment.carburizing", "침탄 열처리, 고주파 열처리"),
    ("surface-treatment.electroplating", "아연 도금, 니켈 도금"),
    ("surface-treatment.anodizing", "알루미늄 양극산화 피막처리"),
    ("mold.press-die", "자동차 프레스 금형"),
    ("forming.hot-forging", "열간 단조 플랜지"),
    ("welding.tig", "스테인리스 TIG 용접 구조물"),
    ("precision-machining.cnc-milling", "CNC 정밀가공 부품"),
]
COMPLEXES = ["namdong", "juan", "bupyeong", "seobu", "none"]
CODES = ["SCM440", "ADC12", "SUS304", "A6061"]
QUERIES = [
    "다이캐스팅",
    "열처리를 하는 곳",
    "aluminum die casting",
    "양극산화",
    "용접",
    "SCM440 침탄",
    "프레스 금형",
]


def documents(start: int, count: int) -> list[Document]:
    rng = random.Random(start)
    batch = []
    for number in range(start, start + count):
        process, products = rng.choice(PROCESSES)
        technology = process.split(".")[0]
        batch.append(
            Document(
                doc_type="bench",
                object_id=str(number),
                title=f"벤치{number:07d}{rng.choice(['정밀', '산업', '금속', '테크'])}",
                body=f"{products}. {rng.choice(CODES)} 소재, 월 {rng.randint(1, 99)}만 개",
                url=f"/bench/{number}/",
                concepts=[Concept("process", process).term, Concept("technology", technology).term],
                facets={"complex": [rng.choice(COMPLEXES)], "technology": [technology], "process": [process]},
            )
        )
    return batch


def index_size() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument')"
                " + pg_total_relation_size('search_searchfacet')"
            )
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return int(cursor.fetchone()[0])


def raw_engine(query: str) -> None:
    groups, _concepts, _words = _groups(query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(tsv, to_tsquery('simple', %s)) DESC LIMIT 20",
                [_tsquery(groups, "&"), _tsquery(groups, "&")],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY bm25(search_fts) LIMIT 20",
                [_fts5_expression(groups, "AND")],
            )
        cursor.fetchall()


def percentiles(run) -> tuple[float, float]:
    samples = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            run(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def report(label: str, p50: float, p95: float, baseline_p95: float) -> None:
    print(f"{label:<44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p95 / baseline_p95:5.1f}")


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    before = index_size()
    started = time.perf_counter()
    for start in range(0, DOCS, BATCH):
        index_documents(documents(start, min(BATCH, DOCS - start)))
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"search scale benchmark · {engine} · {DOCS:,} documents")
    grown = (index_size() - before) / 1e6
    print(f"indexing: {took:,.1f} s ({DOCS / took:,.0f} docs/s), database grew by {grown:,.1f} MB")
    raw_p50, raw_p95 = percentiles(raw_engine)
    print(f"{'raw engine: match + rank top 20':<44} p50 {raw_p50:7.1f} ms  p95 {raw_p95:7.1f} ms  ratio 1.0")
    p50, p95 = percentiles(lambda q: search(query=q, doc_type="bench", page_size=20))
    report("Ppuri search with facet counts", p50, p95, raw_p95)
    p50, p95 = percentiles(lambda q: search(query=q, doc_type="bench", filters={"complex": ["namdong"]}))
    report("... filtered by complex=namdong", p50, p95, raw_p95)


if __name__ == "__main__":
    main()
