"""The bulk import leaves everything exactly as the per-row import did (row_by_row.py, the oracle).

Three files of a few thousand factories go in one after the other, once through each path from the same
starting registry: a 35-column file (factory numbers, KSIC codes, several 업종 rows per factory, names
repeating in other districts, similar names at one address), a 5-column file over the same companies
(matched by name and address, near-duplicates, new ones), then the 35-column file again with employees,
addresses and complexes changed (updates). Compared: organizations with their marks and reasons, sites,
capabilities with materials, technologies, the review queue, the change log, each run's report and the
search documents with their terms and facets. Row ids differ between the two runs, so rows are compared
by what they say, with ids replaced by the company's name and primary address.
"""

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from ppuri.core.models import ActivityLog
from ppuri.registry.importing.columns import COLUMNS_5, COLUMNS_35
from ppuri.registry.importing.services import factory_import
from ppuri.registry.models import (
    Capability,
    ImportReviewItem,
    ImportRunEntry,
    Organization,
    OrganizationTechnology,
    Site,
)
from ppuri.search.models import SearchDocument, SearchFacet
from ppuri.search.tags import bucket_of, sample_terms
from tests.importing.conftest import SAMPLE_35, csv_text, row_35, sample_rows
from tests.importing.row_by_row import factory_import_row_by_row

pytestmark = pytest.mark.django_db

ROWS = 1_500
NAMES = ["대성", "한일", "삼화", "동양", "세진", "태광", "영신", "우진", "신흥", "금강", "대원", "성우"]
KINDS = ["정밀", "금속", "산업", "공업", "테크", "기공", "주조", "열처리", "도금", "식품", "화학", "섬유"]
LEGAL = ["(주)", "주식회사 ", "", "(유)"]
DISTRICTS = ["남동구", "부평구", "서구", "미추홀구", "연수구", "계양구"]
ROADS = ["남동대로", "고잔로", "청천로", "가좌로", "봉수대로", "경서로", "갈산로"]
COMPLEXES = ["남동국가산업단지", "한국수출산업(부평)국가산업단지", "인천서부일반산업단지", "", "", ""]
TRADES = [  # (생산품, 원자재, 업종코드s): root trades, near-root and others
    ("알루미늄 다이캐스팅 자동차 부품", "알루미늄 합금", ["24321"]),
    ("침탄 열처리, 고주파 열처리", "-", ["25921"]),
    ("아연 도금, 니켈 도금", "아연", ["25922"]),
    ("자동차 프레스 금형", "SKD11", ["29293", "25911"]),
    ("열간 단조 플랜지", "탄소강", ["25912"]),
    ("TIG 용접 구조물, 알루미늄 용접", "스테인리스강, 알루미늄 합금", ["25112"]),
    ("양극산화 피막처리", "알루미늄", ["25923"]),
    ("CNC 정밀가공 부품", "", ["29199"]),
    ("김치, 반찬류", "배추", ["10799"]),
    ("플라스틱 사출 용기", "PP", ["22232"]),
    ("면직물", "면사", ["13211"]),
    ("도료", "", ["20411"]),
]


def _company(rng: random.Random) -> str:
    """A name; one in five from a small pool, so that names repeat across districts."""
    number = "" if rng.random() < 0.2 else str(rng.randint(1, 2_000))
    return f"{rng.choice(LEGAL)}{rng.choice(NAMES)}{number}{rng.choice(KINDS)}"


def _rows_35(seed: int, changed: bool = False) -> list[list[str]]:
    """Factories of the 35-column layout; `changed` moves some, changes employees and complexes."""
    rng = random.Random(seed)
    change = random.Random(seed + 1)
    rows = []
    for number in range(1, ROWS // 2 + 1):
        products, materials, codes = rng.choice(TRADES)
        district = rng.choice(DISTRICTS)
        address = f"인천광역시 {district} {rng.choice(ROADS)} {rng.randint(1, 60)}"
        complex_name = rng.choice(COMPLEXES)
        employees = rng.randint(1, 300)
        if changed and change.random() < 0.3:
            employees += 7
        if changed and change.random() < 0.1:
            address = f"인천광역시 {district} {change.choice(ROADS)} {change.randint(61, 90)}"
        if changed and change.random() < 0.1:
            complex_name = ""
        common = {
            "시군구명": district,
            "회사명": _company(rng),
            "단지명": complex_name,
            "생산품": products,
            "원자재": materials,
            "종업원합계": str(employees),
            "남자종업원": str(employees),
            "여자종업원": "0",
            "외국인남자종업원": "0",
            "외국인여자종업원": "0",
            "대표업종": codes[0],
            "공장주소": address,
            "법인주소": address,
            "공장관리번호": f"2820020{number:07d}",
            "공장규모": rng.choice(["소기업", "중기업", ""]),
        }
        for order, code in enumerate(codes, start=1):
            rows.append(row_35(**common, 업종코드=code, 차수=str(order)))
    return rows


def _rows_5(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for number in range(1, ROWS + 1):
        products, _materials, _codes = rng.choice(TRADES)
        address = f"인천광역시 {rng.choice(DISTRICTS)} {rng.choice(ROADS)} {rng.randint(1, 60)}"
        rows.append([str(number), _company(rng), rng.choice(COMPLEXES), products, address])
    return rows


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    header_35 = sample_rows(SAMPLE_35, "cp949")[0]
    assert tuple(header_35) == COLUMNS_35
    paths = []
    for name, rows, header, encoding in [
        ("first-35.csv", _rows_35(7), header_35, "cp949"),
        ("national-5.csv", _rows_5(8), list(COLUMNS_5), "cp949"),
        ("again-35.csv", _rows_35(7, changed=True), header_35, "utf-8"),
    ]:
        path = tmp_path / name
        path.write_bytes(csv_text([header, *rows]).encode(encoding))
        paths.append(path)
    return paths


def _sorted(rows: Any) -> list[Any]:
    return sorted(rows, key=repr)  # rows hold None beside numbers


def _state() -> dict[str, Any]:
    """Everything an import writes, with ids replaced by what they stand for."""
    key = {
        pk: (normalized, address)
        for pk, normalized, address in Site.objects.filter(is_primary=True).values_list(
            "organization_id", "organization__normalized_name", "address"
        )
    }
    site_key = {
        pk: (key[org], address)
        for pk, org, address in Site.objects.values_list("pk", "organization_id", "address")
    }
    organization_type = ContentType.objects.get_for_model(Organization)

    def target(type_id: int, pk: str) -> Any:
        return key[int(pk)] if type_id == organization_type.pk else ("site", site_key[int(pk)])

    def without_run(data: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in data.items() if name != "run"}

    documents = {}
    for row in SearchDocument.objects.filter(doc_type="company"):
        sampled = set(sample_terms(bucket_of("company", row.object_id)))
        facets = sorted(SearchFacet.objects.filter(document=row).values_list("facet", "value"))
        documents[key[int(row.object_id)]] = (
            row.title, row.body, row.title_terms, row.body_terms, row.concept_terms, row.name_terms,
            row.name_part_terms, [t for t in row.tag_terms.split() if t not in sampled], row.is_public,
            row.boost, facets,
        )  # fmt: skip
    return {
        "organizations": _sorted(
            (
                key[o.pk],
                o.name,
                o.kind,
                o.products,
                o.raw_materials,
                o.ksic_main,
                o.size,
                o.employees,
                o.phone,
                o.is_root_industry,
                sorted(o.root_industry_reason.items()),
            )
            for o in Organization.objects.all()
        ),
        "sites": _sorted(
            (
                key[s.organization_id],
                s.address,
                s.district,
                s.complex_id,
                s.factory_number or "",
                s.ksic_codes,
                s.is_primary,
            )
            for s in Site.objects.all()
        ),
        "capabilities": _sorted(
            (
                key[c.organization_id],
                site_key.get(c.site_id),
                c.process_id,
                c.source,
                c.source_detail,
                sorted(c.materials.values_list("slug", flat=True)),
            )
            for c in Capability.objects.all()
        ),
        "technologies": _sorted(
            (key[t.organization_id], t.technology_id, t.source, t.source_detail)
            for t in OrganizationTechnology.objects.all()
        ),
        "reviews": _sorted(
            (sorted(r.record.items(), key=str), key[r.candidate_id], r.reason, r.status, r.run.file_name)
            for r in ImportReviewItem.objects.select_related("run")
        ),
        "log": _sorted(
            (
                entry.verb,
                target(entry.target_type_id, entry.target_id),
                key[int(entry.scope_id)],
                entry.summary,
                sorted(entry.summaries.items()),
                sorted(without_run(entry.data).items(), key=str),
            )
            for entry in ActivityLog.objects.all()
        ),
        "reports": _sorted(
            (
                e.run.file_name,
                e.outcome,
                e.line,
                e.lines,
                e.company_name,
                e.factory_number,
                key.get(e.organization_id) if e.organization_id else None,
                e.review_item_id is not None,
                e.is_root_industry,
            )
            for e in ImportRunEntry.objects.select_related("run")
        ),
        "documents": documents,
    }


def _imported(files: list[Path], run: Callable[..., Any]) -> tuple[dict[str, Any], list[Any]]:
    counts = []
    with transaction.atomic():
        for path in files:
            report = run(path=path)
            counts.append((report.added, report.updated, report.unchanged, report.review, report.rejected))
        state = _state()
        transaction.set_rollback(True)
    return state, counts


def test_the_bulk_import_writes_what_the_per_row_import_wrote(files):
    factory_import(path=SAMPLE_35)  # a registry to start from, the same for both
    expected, expected_counts = _imported(files, factory_import_row_by_row)
    state, counts = _imported(files, factory_import)
    assert counts == expected_counts, (counts, expected_counts)
    added, updated, unchanged, review, _rejected = (sum(column) for column in zip(*counts, strict=True))
    # Every path of matching was taken.
    assert added > 1_000 and updated > 100 and unchanged > 100 and review > 100, counts
    for part in expected:
        assert state[part] == expected[part], part
