"""Sourcing speed at the issue's scale: match() over 100,000 synthetic suppliers.

    .venv/bin/python bench/sourcing_speed.py                                   # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ppuri_bench2 .venv/bin/python bench/sourcing_speed.py
    BENCH_SUPPLIERS=20000 BENCH_ROUNDS=10 .venv/bin/python bench/sourcing_speed.py   # a quicker look
    PPURI_VAR_DIR=/tmp/sourcing .venv/bin/python bench/sourcing_speed.py   # keep the database; a second
                                                                          # run reuses it, matches only

Writes BENCH_SUPPLIERS companies (default 100,000) with bulk_create: a primary site each (in one of the
four complexes or outside, with coordinates), one to four capabilities drawn with the demo's weights
per root technology (ppuri/demo/data/profiles.toml), the processes' usual materials, batch bands,
sources, size limits, certificates with validity dates and sectors. Each company goes into the search
index through ppuri.search.services.index_documents with the shape of
ppuri.registry.search_documents.company_document (names, products, processes, materials,
certificates, complex; process, technology and material concepts; the six facets).

Then BENCH_ROUNDS rounds (default 30) of four requests:
- the issue's three steps, casting.gravity → heat-treatment.solution-aging → surface-treatment.anodizing
  in aluminum;
- the same with a required certificate, a sector and a preferred complex;
- the same part with the steps inferred from its description;
- three of the most common processes (stamping → MIG/MAG welding → powder coating, carbon steel).
It prints p50/p95 of match() (per-step suppliers and the five best chains) per request and overall,
the queries one match() makes, and the time of its search-relevance part alone. The baseline, in the
same run: the plain SQL query of the capable suppliers of the request's steps (company id, name and
process of every capability), as a ratio. Asserts nothing: the goal (p95 ≤ 200 ms) is read off.
"""

import os
import random
import statistics
import time
import tomllib
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import _django  # noqa: F401 - sets up Django for this script
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ppuri.core.text import normalize_company_name
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site
from ppuri.search.analysis import Concept
from ppuri.search.documents import Document
from ppuri.search.services import index_documents
from ppuri.sourcing.matching import PartSpec, _text_relevance, match

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
BATCH = 2_000
TODAY = date(2026, 11, 25)
PROFILES = Path(__file__).resolve().parent.parent / "ppuri" / "demo" / "data" / "profiles.toml"
# Roughly the complexes' shares of Incheon's root companies, the rest outside any complex.
COMPLEXES = ["namdong"] * 6 + ["juan", "bupyeong", "seobu"] + [""] * 2
STEMS = ["대성", "한빛", "동진", "세원", "우진", "삼우", "태광", "신흥", "성진", "미래", "영진", "대흥"]
WORDS = ["정밀", "산업", "금속", "테크", "주조", "열처리", "도금", "기공"]
PRODUCTS = ["로봇 하우징", "밸브 바디", "기어", "샤프트", "브래킷", "플랜지", "커버", "프레임", "펌프 케이싱"]
PRODUCTS += ["노즐", "피스톤", "감속기 케이스", "방열판", "임펠러"]
CERTIFICATIONS = {"iso-9001": 0.45, "root-company": 0.35, "iso-14001": 0.15, "iatf-16949": 0.05}
CERTIFICATIONS |= {"innobiz": 0.05, "as9100": 0.01, "iso-13485": 0.02, "nadcap": 0.005}
BANDS = ["prototype", "small", "small", "medium", "medium", "mass", ""]
SOURCES = ["imported"] * 12 + ["declared"] * 7 + ["verified"]


class Vocabulary:
    def __init__(self) -> None:
        self.processes = list(Process.objects.select_related("technology").prefetch_related("materials"))
        self.process_materials = {p.pk: [m.pk for m in p.materials.all()] for p in self.processes}
        self.materials = {m.pk: m for m in Material.objects.all()}
        self.certifications = {c.slug: c for c in Certification.objects.all()}
        self.sectors = list(Sector.objects.all())
        self.complexes = {c.slug: c for c in Complex.objects.all()}
        with PROFILES.open("rb") as handle:
            technology_weights = tomllib.load(handle)["technology_weights"]
        per_technology: dict[str, list[Process]] = {}
        for process in self.processes:
            per_technology.setdefault(process.technology.slug, []).append(process)
        # A technology's weight spread evenly over its processes.
        self.weights = [
            technology_weights.get(p.technology.slug, 1.0) / len(per_technology[p.technology.slug])
            for p in self.processes
        ]


def suppliers(vocabulary: Vocabulary, start: int, count: int) -> list[Document]:
    """Write `count` companies with everything the matcher reads; return their search documents."""
    rng = random.Random(start)
    organizations, places = [], []
    for number in range(start, start + count):
        name = f"{rng.choice(STEMS)}{number:06d}{rng.choice(WORDS)}"
        products = ", ".join(rng.sample(PRODUCTS, rng.choice([1, 2])))
        organizations.append(
            Organization(
                kind=Organization.Kind.COMPANY,
                name=name,
                normalized_name=normalize_company_name(name),
                products=products,
                employees=rng.randint(1, 300),
            )
        )
        places.append(rng.choice(COMPLEXES))
    Organization.objects.bulk_create(organizations, batch_size=1_000)
    sites = []
    for organization, slug in zip(organizations, places, strict=True):
        complex_ = vocabulary.complexes.get(slug)
        # Outside the complexes: around the middle of the city's industrial west.
        latitude = ((complex_ and complex_.latitude) or 37.50) + rng.uniform(-0.01, 0.01)
        longitude = ((complex_ and complex_.longitude) or 126.68) + rng.uniform(-0.01, 0.01)
        sites.append(
            Site(
                organization=organization,
                name="본사 공장",
                complex=complex_,
                address=f"인천광역시 남동구 남동대로 {rng.randint(1, 999)}",
                latitude=latitude,
                longitude=longitude,
                is_primary=True,
            )
        )
    Site.objects.bulk_create(sites, batch_size=1_000)
    capabilities, capability_materials = [], []
    held, sectors, documents = [], [], []
    for organization, site in zip(organizations, sites, strict=True):
        chosen = {
            p.pk: p
            for p in rng.choices(vocabulary.processes, vocabulary.weights, k=rng.choice([1, 1, 2, 3, 4]))
        }
        rows = []
        for process in chosen.values():
            usual = vocabulary.process_materials[process.pk]
            materials = rng.sample(usual, min(len(usual), rng.choice([0, 1, 1, 2, 3])))
            length = rng.choice([None, None, rng.randint(100, 3000)])
            capability = Capability(
                organization=organization,
                site=site,
                process=process,
                batch_band=rng.choice(BANDS),
                source=rng.choice(SOURCES),
                max_length_mm=length,
                max_weight_kg=Decimal(rng.randint(1, 500)) if length else None,
            )
            rows.append((capability, materials))
        capabilities += rows
        certificates = [slug for slug, share in CERTIFICATIONS.items() if rng.random() < share]
        for slug in certificates:
            issued = TODAY - timedelta(days=rng.randint(30, 1500))
            held.append(
                OrganizationCertification(
                    organization=organization,
                    certification=vocabulary.certifications[slug],
                    issued_on=issued,
                    valid_until=issued + timedelta(days=3 * 365),
                    verified=rng.random() < 0.3,
                )
            )
        own_sectors = rng.sample(vocabulary.sectors, rng.choice([1, 1, 2, 3]))
        sectors += [(organization.pk, sector.pk) for sector in own_sectors]
        material_names = {vocabulary.materials[pk] for _c, materials in rows for pk in materials}
        technologies = {p.technology for p in chosen.values()}
        complex_ = site.complex
        documents.append(
            Document(
                doc_type="company",
                object_id=str(organization.pk),
                title=organization.name,
                body="\n".join(
                    [
                        organization.products,
                        " ".join(f"{p.name_ko} {p.name_en}" for p in chosen.values()),
                        " ".join(f"{m.name_ko} {m.name_en}" for m in material_names),
                        " ".join(f"{t.name_ko} {t.name_en}" for t in technologies),
                        " ".join(vocabulary.certifications[slug].name_ko for slug in certificates),
                        f"{complex_.short_name_ko} {complex_.name_ko}" if complex_ else "",
                        site.address,
                    ]
                ),
                url=f"/companies/{organization.pk}/",
                names=[organization.name],
                concepts=[Concept("process", p.slug).term for p in chosen.values()]
                + [Concept("technology", t.slug).term for t in technologies]
                + [Concept("material", m.slug).term for m in material_names],
                facets={
                    "complex": [complex_.slug if complex_ else "none"],
                    "technology": sorted(t.slug for t in technologies),
                    "process": sorted(p.slug for p in chosen.values()),
                    "material": sorted(m.slug for m in material_names),
                    "certification": sorted(certificates),
                    "sector": sorted(s.slug for s in own_sectors),
                },
            )
        )
    Capability.objects.bulk_create([capability for capability, _m in capabilities], batch_size=1_000)
    through = Capability.materials.through
    for capability, materials in capabilities:
        capability_materials += [through(capability_id=capability.pk, material_id=pk) for pk in materials]
    through.objects.bulk_create(capability_materials, batch_size=2_000)
    OrganizationCertification.objects.bulk_create(held, batch_size=1_000)
    sector_through = Organization.sectors.through
    sector_through.objects.bulk_create(
        [sector_through(organization_id=o, sector_id=s) for o, s in sectors], batch_size=2_000
    )
    return documents


def requests(vocabulary: Vocabulary) -> dict[str, PartSpec]:
    process = {p.slug: p for p in vocabulary.processes}
    material = {m.slug: m for m in vocabulary.materials.values()}
    sector = {s.slug: s for s in vocabulary.sectors}
    three = tuple(
        process[slug]
        for slug in ("casting.gravity", "heat-treatment.solution-aging", "surface-treatment.anodizing")
    )
    deadline = TODAY + timedelta(days=60)
    housing = PartSpec(
        # Not "협동로봇 …": the matcher would infer a robotics step from the product's name (see
        # bench/sourcing_quality.py), with no supplier, and skip the chains this measures.
        title="로봇 관절 하우징",
        description="A356 중력주조 후 T6 열처리, 경질 아노다이징. 연 300개.",
        material=material["aluminum"],
        processes=three,
        quantity=300,
        deadline=deadline,
    )
    return {
        "gravity → T6 → anodizing, aluminum": housing,
        "… + ISO 9001, robotics, Namdong": replace(
            housing,
            certifications=(vocabulary.certifications["iso-9001"],),
            sector=sector["robotics"],
            complexes=(vocabulary.complexes["namdong"],),
        ),
        "… steps inferred from the text": replace(housing, processes=()),
        "stamping → MIG/MAG → powder, carbon steel": PartSpec(
            title="장비 브래킷",
            description="SPCC 프레스 가공 후 CO2 용접, 분체도장. 월 5,000개.",
            material=material["carbon-steel"],
            processes=tuple(
                process[slug]
                for slug in ("forming.stamping", "welding.mig-mag", "surface-treatment.powder-coating")
            ),
            quantity=5_000,
            deadline=deadline,
        ),
    }


def plain_query(processes: tuple[Process, ...]) -> int:
    """The baseline: every capability of the steps' processes with its company's id and name."""
    rows = Capability.objects.filter(
        process__in=processes, organization__is_public=True, organization__kind=Organization.Kind.COMPANY
    ).values_list("organization_id", "organization__name", "process_id")
    return len(list(rows))


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def build(vocabulary: Vocabulary) -> None:
    started = time.perf_counter()
    indexing = 0.0
    for start in range(0, SUPPLIERS, BATCH):
        with transaction.atomic():
            documents = suppliers(vocabulary, start, min(BATCH, SUPPLIERS - start))
            began = time.perf_counter()
            index_documents(documents)
            indexing += time.perf_counter() - began
        if start and start % 20_000 == 0:
            print(f"  … {start:,} suppliers", flush=True)
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"{SUPPLIERS:,} suppliers, {Capability.objects.count():,} capabilities written and indexed in "
        f"{took:,.1f} s (of which indexing {indexing:,.1f} s)",
        flush=True,
    )


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"sourcing speed · {engine} · {SUPPLIERS:,} suppliers · {ROUNDS} rounds", flush=True)
    vocabulary = Vocabulary()
    if Organization.objects.filter(kind=Organization.Kind.COMPANY).count() == SUPPLIERS:
        print("reusing the suppliers written by an earlier run in this database")
    else:
        build(vocabulary)
    specs = requests(vocabulary)
    steps = {}
    capable: dict[str, dict[int, set[int]]] = {}
    for label, spec in specs.items():  # warm: analyzer, doc values, the database's cache
        result = match(spec, suppliers_per_step=SUPPLIERS)
        steps[label] = tuple(result.processes)
        capable[label] = {
            process.pk: {c.organization_id for c in result.suppliers[process.slug]}
            for process in result.processes
        }
        candidates = [c for found in result.suppliers.values() for c in found]
        scored = sum(1 for c in candidates if c.parts.get("relevance"))
        best = result.chains[0] if result.chains else None
        print(
            f"  {label}: {' / '.join(str(len(found)) for found in result.suppliers.values())} candidates "
            f"per step after the hard filters, {scored:,} of {len(candidates):,} with a text relevance; "
            f"best chain {best.score if best else '-'} over {best.total_distance_km if best else '-'} km"
        )
    timings: dict[str, list[float]] = {label: [] for label in specs}
    baseline: dict[str, list[float]] = {label: [] for label in specs}
    relevance: list[float] = []
    for _round in range(ROUNDS):
        for label, spec in specs.items():
            began = time.perf_counter()
            plain_query(steps[label])
            baseline[label].append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            match(spec)
            timings[label].append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            _text_relevance(spec, list(steps[label]), capable[label])
            relevance.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        match(next(iter(specs.values())))
    print(
        f"\none match() makes {len(queries)} queries; its search-relevance part alone: "
        f"p50 {percentiles(relevance)[0]:.1f} / p95 {percentiles(relevance)[1]:.1f} ms"
    )
    print(
        f"{'request':<44} {'match() p50':>12} {'p95':>8} {'plain SQL p50':>14} {'p95':>8} {'ratio p95':>10}"
    )
    for label in specs:
        p50, p95 = percentiles(timings[label])
        b50, b95 = percentiles(baseline[label])
        print(f"{label:<44} {p50:9.1f} ms {p95:5.1f} ms {b50:11.1f} ms {b95:5.1f} ms {p95 / b95:9.1f}×")
    every = [t for samples in timings.values() for t in samples]
    plain = [t for samples in baseline.values() for t in samples]
    p50, p95 = percentiles(every)
    b50, b95 = percentiles(plain)
    print(f"{'all requests':<44} {p50:9.1f} ms {p95:5.1f} ms {b50:11.1f} ms {b95:5.1f} ms {p95 / b95:9.1f}×")


if __name__ == "__main__":
    main()
