"""Search at scale: companies and short documents through the real indexing path, then queries with facets.

    .venv/bin/python bench/search_scale.py                                   # the issue's scale, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench .venv/bin/python bench/search_scale.py
    BENCH_COMPANIES=10000 BENCH_DOCS=100000 .venv/bin/python bench/search_scale.py   # a quicker look
    PPURI_VAR_DIR=/tmp/scale .venv/bin/python bench/search_scale.py   # keep the database; a second run
                                                                      # reuses its index, queries only

Builds BENCH_COMPANIES company documents (default 100,000) and BENCH_DOCS short documents (default
1,000,000: job posts, technical notes and problem reports of one to three sentences) from the reference
vocabulary — processes, materials, defects, complexes, certifications — and indexes them with
ppuri.search.services.index_documents (Kiwi analysis, filter terms, facets, the engine's index).

Prints indexing time and the database's growth, then p50/p95 over QUERIES × ROUNDS of:
- the raw engine: match and rank the top 20 of all matches (FTS5 MATCH … ORDER BY bm25 / tsquery …
  ORDER BY ts_rank), exact, no facets — the baseline, measured in the same run;
- Ppuri's search: analysis, ranking, first page, six facet counts and per-type counts — as a ratio to it;
- the same narrowed to one complex, and to companies;
- queries that are parts of the companies' names, typos, and the results with some words only.
The first query of a fresh process also loads the doc values it meets; its time is printed apart.
Asserts nothing.
"""

import os
import random
import statistics
import time

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from ppuri.reference.models import Certification, Material, Process
from ppuri.search.analysis import Concept
from ppuri.search.doc_values import doc_values
from ppuri.search.documents import Document
from ppuri.search.engine import ANY, fts5_expression, query_groups, tsquery
from ppuri.search.models import SearchDocument
from ppuri.search.selectors import search
from ppuri.search.services import index_documents

COMPANIES = int(os.environ.get("BENCH_COMPANIES", "100000"))
DOCS = int(os.environ.get("BENCH_DOCS", "1000000"))
BATCH = 2_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
# Roughly the complexes' shares of Incheon's root companies, the rest outside any complex.
COMPLEXES = ["namdong"] * 6 + ["juan", "bupyeong", "seobu"] + ["none"] * 2
DEFECTS = ["기공", "균열", "변형", "핀홀", "수축", "박리", "얼룩", "버", "녹", "기포"]
DEFECTS += ["치수 불량", "경도 편차"]
CAUSES = ["금형 온도", "냉각 속도", "전처리 부족", "탈가스 부족", "용접 전류", "소입 온도", "도금액 오염"]
PRODUCTS = ["로봇 하우징", "밸브 바디", "기어", "샤프트", "브래킷", "플랜지", "커버", "프레임"]
PRODUCTS += ["노즐", "피스톤"]
CODES = ["SCM440", "SCM415", "ADC12", "A356", "SUS304", "SUS316L", "AL6061", "SKD11", "S45C", "SPCC"]
JOBS = ["생산직", "품질관리", "설비보전", "생산기술", "연구원"]
QUERIES = [
    "용접",
    "열처리를 하는 곳",
    "다이캐스팅 업체",
    "aluminum die casting",
    "양극산화",
    "SCM440 침탄",
    "무전해 니켈 도금 핀홀",
    "프레스 금형",
    "주조 기공 원인",
    "열처리 변형",
    "스테인리스 TIG 용접",
    "IATF 16949",
]
# Parts of the companies' names (search.analysis.name_parts): a start shared by a fifth of them, a
# number of one, and an inner part of ten.
NAME_QUERIES = ["대성", "000123", "00012"]
# One typo each, mended against the vocabulary by the evidence in the index.
TYPO_QUERIES = ["다이캐스탱", "열처라 변형", "양극산하"]


class Vocabulary:
    def __init__(self) -> None:
        self.processes = list(Process.objects.select_related("technology").order_by("slug"))
        self.materials = list(Material.objects.order_by("slug"))
        self.certifications = list(Certification.objects.order_by("slug"))


def companies(vocabulary: Vocabulary, start: int, count: int) -> list[Document]:
    rng = random.Random(start)
    batch = []
    for number in range(start, start + count):
        processes = rng.sample(vocabulary.processes, rng.choice([1, 1, 2, 3]))
        materials = rng.sample(vocabulary.materials, rng.choice([0, 1, 2]))
        certifications = rng.sample(vocabulary.certifications, rng.choice([0, 0, 1, 2]))
        complex_slug = rng.choice(COMPLEXES)
        technologies = sorted({p.technology.slug for p in processes})
        products = " ".join(rng.sample(PRODUCTS, 2))
        body = (
            f"{' '.join(m.name_ko for m in materials)} {products} "
            f"{', '.join(p.name_ko for p in processes)}. {rng.choice(CODES)} 월 {rng.randint(1, 99)}만 개. "
            + " ".join(f"{c.name_ko} {c.name_en}" for c in certifications)
        )
        name = f"{rng.choice(['대성', '한빛', '동진', '세원', '우진'])}{number:06d}"
        name += rng.choice(["정밀", "산업", "금속", "테크"])
        batch.append(
            Document(
                doc_type="company",
                object_id=str(number),
                title=name,
                names=[name],  # as the registry's companies: the whole name, its start and its parts
                body=body,
                url=f"/companies/{number}/",
                concepts=[Concept("process", p.slug).term for p in processes]
                + [Concept("technology", t).term for t in technologies],
                facets={
                    "complex": [complex_slug],
                    "technology": technologies,
                    "process": [p.slug for p in processes],
                    "material": [m.slug for m in materials],
                    "certification": [c.slug for c in certifications],
                },
            )
        )
    return batch


def short_documents(vocabulary: Vocabulary, start: int, count: int) -> list[Document]:
    rng = random.Random(-start - 1)
    batch = []
    for number in range(start, start + count):
        process = rng.choice(vocabulary.processes)
        material = rng.choice(vocabulary.materials)
        defect, cause, product = rng.choice(DEFECTS), rng.choice(CAUSES), rng.choice(PRODUCTS)
        kind = rng.choice(["job", "note", "problem"])
        if kind == "job":
            title = f"{process.name_ko} {rng.choice(JOBS)} 채용"
            sentences = [f"{material.name_ko} {product} {process.name_ko} 경력 {rng.randint(1, 10)}년 이상."]
        elif kind == "note":
            title = f"{material.name_ko} {process.name_ko}의 {defect} 대책"
            sentences = [f"{process.name_ko} 공정에서 {defect}은 주로 {cause} 때문에 생긴다."]
        else:
            title = f"{product} {defect} 문제"
            sentences = [f"{rng.choice(CODES)} {product}을 {process.name_ko}한 뒤 {defect}이 생깁니다."]
        sentences += rng.sample(
            [f"{cause}을 점검했습니다.", f"월 {rng.randint(1, 50)}천 개 생산.", "납기가 급합니다."],
            rng.randint(0, 2),
        )
        batch.append(
            Document(
                doc_type=kind,
                object_id=str(number),
                title=title,
                body=" ".join(sentences),
                url=f"/{kind}/{number}/",
                concepts=[Concept("process", process.slug).term],
                facets={
                    "complex": [rng.choice(COMPLEXES)],
                    "technology": [process.technology.slug],
                    "process": [process.slug],
                    "material": [material.slug],
                },
            )
        )
    return batch


def index_size() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                # A partitioned table has no storage of its own: its partitions' sizes are summed.
                "SELECT pg_total_relation_size('search_searchdocument')"
                " + pg_total_relation_size('search_searchfacet')"
                " + (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits"
                " WHERE inhparent = 'search_tsv'::regclass)"
            )
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return int(cursor.fetchone()[0])


def raw_engine(query: str) -> None:
    groups, _concepts, _words = query_groups(query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM search_tsv WHERE tsv @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(tsv, to_tsquery('simple', %s)) DESC LIMIT 20",
                [tsquery(groups, "&"), tsquery(groups, "&")],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY bm25(search_fts) LIMIT 20",
                [fts5_expression(groups, "AND")],
            )
        cursor.fetchall()


def percentiles(run, queries: list[str] = QUERIES) -> tuple[float, float]:
    samples = []
    for _ in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            run(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def report(label: str, p50: float, p95: float, baseline_p95: float) -> None:
    print(f"{label:<48} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ratio {p95 / baseline_p95:5.2f}")


def index(label: str, build, vocabulary: Vocabulary, count: int) -> None:
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        index_documents(build(vocabulary, start, min(BATCH, count - start)))
        if start and start % 100_000 == 0:
            print(f"  … {start:,} {label}", flush=True)
    took = time.perf_counter() - started
    print(f"indexing {count:,} {label}: {took:,.1f} s ({count / max(took, 1e-9):,.0f} docs/s)", flush=True)


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"search scale · {engine} · {COMPANIES:,} companies + {DOCS:,} short documents", flush=True)
    vocabulary = Vocabulary()
    if SearchDocument.objects.count() == COMPANIES + DOCS:
        print("reusing the index built by an earlier run in this database")
    else:
        before = index_size()
        index("companies", companies, vocabulary, COMPANIES)
        index("short documents", short_documents, vocabulary, DOCS)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"database grew by {(index_size() - before) / 1e6:,.1f} MB")
    for query in QUERIES:
        result = search(query=query)
        print(f"  {query:<24} {result.total:>9,} matches  types {result.types}")
    doc_values.clear()
    started = time.perf_counter()
    search(query=QUERIES[0])
    first = (time.perf_counter() - started) * 1000
    print(f"first query of a fresh process (loads doc values): {first:,.0f} ms")
    for query in QUERIES:  # warm: every process reaches this state after its first few searches
        search(query=query)
    raw_p50, raw_p95 = percentiles(raw_engine)
    report("raw engine: exact match + rank, top 20", raw_p50, raw_p95, raw_p95)
    p50, p95 = percentiles(lambda q: search(query=q, page_size=20))
    report("Ppuri search, six facets and type counts", p50, p95, raw_p95)
    p50, p95 = percentiles(lambda q: search(query=q, filters={"complex": ["namdong"]}))
    report("… narrowed to complex=namdong", p50, p95, raw_p95)
    p50, p95 = percentiles(lambda q: search(query=q, doc_type="company"))
    report("… narrowed to companies", p50, p95, raw_p95)
    for query in NAME_QUERIES:
        result = search(query=query)
        print(f"  {query:<24} {result.total:>9,} matches  first {[hit.title for hit in result.hits[:2]]}")
    p50, p95 = percentiles(lambda q: search(query=q), queries=NAME_QUERIES)
    report("name parts, six facets and type counts", p50, p95, raw_p95)
    for query in TYPO_QUERIES:
        result = search(query=query)
        print(f"  {query:<24} {result.total:>9,} matches  mended to {result.corrected!r}")
    p50, p95 = percentiles(lambda q: search(query=q), queries=TYPO_QUERIES)
    report("typos, mended", p50, p95, raw_p95)
    several = [query for query in QUERIES if len(query.split()) > 1]
    p50, p95 = percentiles(lambda q: search(query=q, match=ANY), queries=several)
    report("some words only (match=any), queries of 2+ words", p50, p95, raw_p95)


if __name__ == "__main__":
    main()
