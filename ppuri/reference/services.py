"""Load the reference vocabulary from reference/data/*.toml into the database, idempotently."""

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from ppuri.reference.models import (
    Certification,
    Complex,
    ComplexFact,
    KsicCode,
    Material,
    Process,
    Sector,
    Technology,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def _bilingual(row: dict[str, Any]) -> dict[str, Any]:
    return {"name_ko": row["name_ko"], "name_en": row["name_en"]}


@transaction.atomic
def reference_sync() -> dict[str, int]:
    """Create or update every reference row from the data files; returns counts per kind."""
    counts: dict[str, int] = {}

    materials = _read("materials.toml")["material"]
    for order, row in enumerate(materials):
        Material.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **_bilingual(row),
                "family": row.get("family", ""),
                "designations": row.get("designations", []),
                "synonyms": row.get("synonyms", []),
                "order": order,
            },
        )
    counts["materials"] = len(materials)
    material_by_slug = {m.slug: m for m in Material.objects.all()}

    technologies = _read("technologies.toml")["technology"]
    process_count = 0
    for order, row in enumerate(technologies):
        technology, _ = Technology.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **_bilingual(row),
                "group": row["group"],
                "order": order,
                "description_ko": row.get("description_ko", ""),
                "description_en": row.get("description_en", ""),
                "source": row.get("source", ""),
            },
        )
        for process_order, process_row in enumerate(row.get("process", [])):
            if not process_row["slug"].startswith(f"{technology.slug}."):
                raise ValueError(f"process {process_row['slug']} does not belong to {technology.slug}")
            process, _ = Process.objects.update_or_create(
                slug=process_row["slug"],
                defaults={
                    **_bilingual(process_row),
                    "technology": technology,
                    "synonyms": process_row.get("synonyms", []),
                    "order": process_order,
                },
            )
            unknown = set(process_row.get("materials", [])) - material_by_slug.keys()
            if unknown:
                raise ValueError(f"process {process.slug} names unknown materials {sorted(unknown)}")
            process.materials.set([material_by_slug[slug] for slug in process_row.get("materials", [])])
            process_count += 1
    counts["technologies"] = len(technologies)
    counts["processes"] = process_count
    technology_by_slug = {t.slug: t for t in Technology.objects.all()}

    certifications = _read("certifications.toml")["certification"]
    for order, row in enumerate(certifications):
        Certification.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **_bilingual(row),
                "kind": row["kind"],
                "issuer": row.get("issuer", ""),
                "validity_years": row.get("validity_years"),
                "verified": row.get("verified", False),
                "source": row.get("source", ""),
                "order": order,
            },
        )
    counts["certifications"] = len(certifications)

    sectors = _read("sectors.toml")["sector"]
    for order, row in enumerate(sectors):
        Sector.objects.update_or_create(slug=row["slug"], defaults={**_bilingual(row), "order": order})
    counts["sectors"] = len(sectors)

    complexes = _read("complexes.toml")["complex"]
    for order, row in enumerate(complexes):
        complex_, _ = Complex.objects.update_or_create(
            slug=row["slug"],
            defaults={
                **_bilingual(row),
                "short_name_ko": row["short_name_ko"],
                "short_name_en": row["short_name_en"],
                "aliases": row.get("aliases", []),
                "district_ko": row["district_ko"],
                "district_en": row.get("district_en", ""),
                "latitude": row.get("latitude"),
                "longitude": row.get("longitude"),
                "location_verified": row.get("location_verified", False),
                "location_note": row.get("location_note", ""),
                "established": row.get("established", ""),
                "main_industries_ko": row.get("main_industries_ko", ""),
                "main_industries_en": row.get("main_industries_en", ""),
                "order": order,
            },
        )
        for fact in row.get("fact", []):
            ComplexFact.objects.update_or_create(
                complex=complex_,
                metric=fact["metric"],
                as_of=fact["as_of"],
                defaults={
                    "value": Decimal(str(fact["value"])),
                    "note_ko": fact.get("note_ko", ""),
                    "note_en": fact.get("note_en", ""),
                    "verified": fact.get("verified", True),
                    "source": fact["source"],
                },
            )
    counts["complexes"] = len(complexes)

    ksic_rows = _read("ksic.toml")["ksic"]
    for row in ksic_rows:
        for revision in row["revisions"]:
            KsicCode.objects.update_or_create(
                code=row["code"],
                revision=revision,
                defaults={
                    "name_ko": row["name_ko"],
                    "name_en": row.get("name_en", ""),
                    "technology": technology_by_slug[row["technology"]],
                    "role": row.get("role", KsicCode.Role.PROCESS),
                    "confidence": row["confidence"],
                    "verified": row.get("verified", False),
                    "source": row["source"],
                },
            )
    counts["ksic_codes"] = KsicCode.objects.count()
    return counts


def reference_sync_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: keep the vocabulary in step with the data files on every database."""
    reference_sync()
