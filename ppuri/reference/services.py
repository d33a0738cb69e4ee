"""Load the reference vocabulary from reference/data/*.toml into the database, idempotently."""

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from ppuri.reference.facts import SOURCE_FIELDS
from ppuri.reference.models import (
    Certification,
    Complex,
    ComplexFact,
    Defect,
    KsicCode,
    Material,
    Process,
    Qualification,
    Sector,
    Technology,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def _bilingual(row: dict[str, Any]) -> dict[str, Any]:
    return {"name_ko": row["name_ko"], "name_en": row["name_en"]}


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    return field


def _value(model: type[models.Model], name: str, value: Any) -> Any:
    """A value as the database gives it back (a foreign key as its id), so file and row compare."""
    field = _field(model, name)
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    return field.to_python(value)


def _sync_rows(model: type[models.Model], rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """update_or_create for a whole file: each row is (its key fields, its other fields). One read, then
    only the new rows are inserted and only the changed ones updated (every `migrate` and `flush` runs
    this, and row by row it took two seconds of queries that mostly changed nothing)."""
    if not rows:
        return
    key_names = list(rows[0][0])
    attname = {name: _field(model, name).attname for name in [*key_names, *rows[0][1]]}

    def key_of(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(_value(model, name, values[name]) for name in key_names)

    existing = {
        tuple(getattr(obj, attname[n]) for n in key_names): obj for obj in model._default_manager.all()
    }
    new, changed, changed_fields = [], [], set()
    for keys, defaults in rows:
        obj = existing.get(key_of(keys))
        if obj is None:
            new.append(model(**keys, **defaults))
            continue
        differs = [
            name
            for name, value in defaults.items()
            if getattr(obj, attname[name]) != _value(model, name, value)
        ]
        for name in differs:
            setattr(obj, name, defaults[name])
        if differs:
            changed.append(obj)
            changed_fields.update(differs)
    model._default_manager.bulk_create(new)
    if changed:
        model._default_manager.bulk_update(changed, sorted(changed_fields))


def _spelling_key(spelling: str) -> str:
    return "".join(spelling.split()).casefold()


def _defect_rows(technology_slugs: set[str]) -> list[dict[str, Any]]:
    """The rows of defects.toml, checked before anything is written: each names a known technology, its slug
    starts with "<technology>." and is unique, and no name or synonym (ignoring case and spaces) belongs to
    two defects, because search maps a spelling to one defect."""
    file_name = "defects.toml"
    rows: list[dict[str, Any]] = _read(file_name)["defect"]
    row_of_slug: dict[str, int] = {}
    owner_of_spelling: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{file_name}, [[defect]] #{number} ({row.get('slug', 'no slug')})"
        for field in ("slug", "technology", "name_ko", "name_en"):
            if not row.get(field):
                raise ValueError(f"{where}: {field} is missing")
        slug, technology = row["slug"], row["technology"]
        if technology not in technology_slugs:
            raise ValueError(f"{where}: technology {technology!r} is not in technologies.toml")
        if not slug.startswith(f"{technology}."):
            raise ValueError(f"{where}: slug must start with {technology + '.'!r}")
        if slug in row_of_slug:
            raise ValueError(f"{where}: slug is already used by [[defect]] #{row_of_slug[slug]}")
        row_of_slug[slug] = number
        # Spacing variants of the defect's own names are wanted (Korean is typed both ways); repeats are not.
        synonyms = row.get("synonyms", [])
        folded = [spelling.casefold() for spelling in [row["name_ko"], row["name_en"], *synonyms]]
        for synonym in synonyms:
            if folded.count(synonym.casefold()) > 1:
                raise ValueError(f"{where}: synonyms: {synonym!r} repeats the name or another synonym")
        spellings = [("name_ko", row["name_ko"]), ("name_en", row["name_en"])]
        for field, spelling in spellings + [("synonyms", synonym) for synonym in synonyms]:
            owner = owner_of_spelling.setdefault(_spelling_key(spelling), slug)
            if owner != slug:
                raise ValueError(f"{where}: {field}: {spelling!r} is already a name or synonym of {owner}")
    return rows


@transaction.atomic
def reference_sync() -> dict[str, int]:
    """Create or update every reference row from the data files; returns counts per kind."""
    counts: dict[str, int] = {}

    materials = _read("materials.toml")["material"]
    _sync_rows(Material, [
        ({"slug": row["slug"]}, {
            **_bilingual(row),
            "family": row.get("family", ""),
            "designations": row.get("designations", []),
            "synonyms": row.get("synonyms", []),
            "order": order,
        })
        for order, row in enumerate(materials)
    ])  # fmt: skip
    counts["materials"] = len(materials)
    material_by_slug = {m.slug: m for m in Material.objects.all()}

    technologies = _read("technologies.toml")["technology"]
    _sync_rows(Technology, [
        ({"slug": row["slug"]}, {
            **_bilingual(row),
            "group": row["group"],
            "order": order,
            "description_ko": row.get("description_ko", ""),
            "description_en": row.get("description_en", ""),
            "source": row.get("source", ""),
        })
        for order, row in enumerate(technologies)
    ])  # fmt: skip
    technology_by_slug = {t.slug: t for t in Technology.objects.all()}
    process_rows, process_materials = [], {}
    for row in technologies:
        technology = technology_by_slug[row["slug"]]
        for process_order, process_row in enumerate(row.get("process", [])):
            if not process_row["slug"].startswith(f"{technology.slug}."):
                raise ValueError(f"process {process_row['slug']} does not belong to {technology.slug}")
            unknown = set(process_row.get("materials", [])) - material_by_slug.keys()
            if unknown:
                raise ValueError(f"process {process_row['slug']} names unknown materials {sorted(unknown)}")
            process_rows.append(({"slug": process_row["slug"]}, {
                **_bilingual(process_row),
                "technology": technology,
                "synonyms": process_row.get("synonyms", []),
                "order": process_order,
            }))  # fmt: skip
            process_materials[process_row["slug"]] = process_row.get("materials", [])
    _sync_rows(Process, process_rows)
    _sync_process_materials(process_materials, material_by_slug)
    counts["technologies"] = len(technologies)
    counts["processes"] = len(process_rows)

    defects = _defect_rows(set(technology_by_slug))
    _sync_rows(Defect, [
        ({"slug": row["slug"]}, {
            **_bilingual(row),
            "technology": technology_by_slug[row["technology"]],
            "synonyms": row.get("synonyms", []),
            "causes_ko": row.get("causes_ko", ""),
            "verified": row.get("verified", False),
            "source": row.get("source", ""),
            "order": order,
        })
        for order, row in enumerate(defects)
    ])  # fmt: skip
    counts["defects"] = len(defects)

    certifications = _read("certifications.toml")["certification"]
    _sync_rows(Certification, [
        ({"slug": row["slug"]}, {
            **_bilingual(row),
            "kind": row["kind"],
            "issuer": row.get("issuer", ""),
            "validity_years": row.get("validity_years"),
            "verified": row.get("verified", False),
            "source": row.get("source", ""),
            "order": order,
        })
        for order, row in enumerate(certifications)
    ])  # fmt: skip
    counts["certifications"] = len(certifications)

    sectors = _read("sectors.toml")["sector"]
    _sync_rows(
        Sector,
        [({"slug": row["slug"]}, {**_bilingual(row), "order": order}) for order, row in enumerate(sectors)],
    )
    counts["sectors"] = len(sectors)

    complexes_file = _read("complexes.toml")
    complexes = complexes_file["complex"]
    sources = complexes_file.get("source", {})
    _sync_rows(Complex, [
        ({"slug": row["slug"]}, {
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
        })
        for order, row in enumerate(complexes)
    ])  # fmt: skip
    complex_by_slug = {c.slug: c for c in Complex.objects.all()}
    _sync_rows(ComplexFact, [
        ({"complex": complex_by_slug[row["slug"]], "metric": fact["metric"], "as_of": fact["as_of"]}, {
            "value": Decimal(str(fact["value"])),
            "note_ko": fact.get("note_ko", ""),
            "note_en": fact.get("note_en", ""),
            "verified": fact.get("verified", True),
            "sources": _fact_sources(fact, sources, complex_slug=row["slug"]),
        })
        for row in complexes
        for fact in row.get("fact", [])
    ])  # fmt: skip
    counts["complexes"] = len(complexes)

    qualifications = _qualification_rows(
        set(technology_by_slug), {keys["slug"] for keys, _defaults in process_rows}
    )
    _sync_rows(Qualification, [
        ({"slug": row["slug"]}, {
            **_bilingual(row),
            "level": row["level"],
            "former_names": row.get("former_name", []),
            "ncs": row.get("ncs", []),
            "in_use_until": row.get("in_use_until"),
            "verified": row.get("verified", False),
            "source": row.get("source", ""),
            "order": order,
        })
        for order, row in enumerate(qualifications)
    ])  # fmt: skip
    _sync_qualification_links(qualifications, technology_by_slug)
    counts["qualifications"] = len(qualifications)

    ksic_rows = _read("ksic.toml")["ksic"]
    _sync_rows(KsicCode, [
        ({"code": row["code"], "revision": revision}, {
            "name_ko": row["name_ko"],
            "name_en": row.get("name_en", ""),
            "technology": technology_by_slug[row["technology"]],
            "role": row.get("role", KsicCode.Role.PROCESS),
            "confidence": row["confidence"],
            "verified": row.get("verified", False),
            "source": row["source"],
        })
        for row in ksic_rows
        for revision in row["revisions"]
    ])  # fmt: skip
    counts["ksic_codes"] = KsicCode.objects.count()
    return counts


def _qualification_rows(technology_slugs: set[str], process_slugs: set[str]) -> list[dict[str, Any]]:
    """The rows of qualifications.toml, checked before anything is written: known level, technologies and
    processes; no slug, current name or former name used twice, since an old name must resolve to one
    qualification."""
    file_name = "qualifications.toml"
    rows: list[dict[str, Any]] = _read(file_name)["qualification"]
    levels = set(Qualification.Level.values)
    owner_of_name: dict[str, str] = {}
    slugs: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{file_name}, [[qualification]] #{number} ({row.get('slug', 'no slug')})"
        for field in ("slug", "name_ko", "name_en", "level", "technologies"):
            if not row.get(field):
                raise ValueError(f"{where}: {field} is missing")
        if row["slug"] in slugs:
            raise ValueError(f"{where}: slug is already used")
        slugs.add(row["slug"])
        if row["level"] not in levels:
            raise ValueError(f"{where}: level {row['level']!r} is not one of {sorted(levels)}")
        unknown = set(row["technologies"]) - technology_slugs
        unknown |= set(row.get("processes", [])) - process_slugs
        if unknown:
            raise ValueError(f"{where}: unknown technologies or processes {sorted(unknown)}")
        for former in row.get("former_name", []):
            if not former.get("name_ko") or not former.get("source"):
                raise ValueError(f"{where}: a former_name needs name_ko and source")
        if "in_use_until" in row and not isinstance(row["in_use_until"], date):
            raise ValueError(f"{where}: in_use_until must be a date (YYYY-MM-DD)")
        if row["slug"] in row.get("counts_as", []):
            raise ValueError(f"{where}: counts_as names the qualification itself")
        for name in [row["name_ko"], *(former["name_ko"] for former in row.get("former_name", []))]:
            owner = owner_of_name.setdefault(_spelling_key(name), row["slug"])
            if owner != row["slug"]:
                raise ValueError(f"{where}: the name {name!r} already belongs to {owner}")
    for number, row in enumerate(rows, start=1):
        unknown = set(row.get("counts_as", [])) - slugs
        if unknown:
            where = f"{file_name}, [[qualification]] #{number} ({row['slug']})"
            raise ValueError(f"{where}: counts_as names unknown qualifications {sorted(unknown)}")
    return rows


def _sync_qualification_links(rows: list[dict[str, Any]], technology_by_slug: dict[str, Technology]) -> None:
    """Each qualification's technologies and processes as its file lists them."""
    qualification_ids = dict(Qualification.objects.values_list("slug", "pk"))
    process_ids = dict(Process.objects.values_list("slug", "pk"))
    _sync_pairs(
        Qualification.technologies.through,
        ("qualification_id", "technology_id"),
        {
            (qualification_ids[row["slug"]], technology_by_slug[t].pk)
            for row in rows
            for t in row["technologies"]
        },
    )
    _sync_pairs(
        Qualification.processes.through,
        ("qualification_id", "process_id"),
        {(qualification_ids[row["slug"]], process_ids[p]) for row in rows for p in row.get("processes", [])},
    )
    _sync_pairs(
        Qualification.counts_as.through,
        ("from_qualification_id", "to_qualification_id"),
        {
            (qualification_ids[row["slug"]], qualification_ids[other])
            for row in rows
            for other in row.get("counts_as", [])
        },
    )


def _sync_process_materials(wanted: dict[str, list[str]], material_by_slug: dict[str, Material]) -> None:
    """Each process's materials as its file lists them (Process.materials.set, for all processes at once)."""
    process_ids = dict(Process.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    _sync_pairs(
        Process.materials.through,
        ("process_id", "material_id"),
        {
            (process_ids[process], material_by_slug[material].pk)
            for process, materials in wanted.items()
            for material in materials
        },
    )


def _sync_pairs(through: type[models.Model], columns: tuple[str, str], want: set[tuple[int, int]]) -> None:
    """A many-to-many table holding exactly these pairs (every owner's set at once, a query each way)."""
    left, right = columns
    have = set(through._default_manager.values_list(left, right))
    for pair in have - want:
        through._default_manager.filter(**dict(zip(columns, pair, strict=True))).delete()
    through._default_manager.bulk_create(
        [through(**dict(zip(columns, pair, strict=True))) for pair in sorted(want - have)]
    )


def _fact_sources(
    fact: dict[str, Any], sources: dict[str, dict[str, str]], *, complex_slug: str
) -> list[dict[str, str]]:
    """A fact's sources as stored: the [source."…"] tables its `sources` keys name, every field given."""
    where = f"complexes.toml {complex_slug} {fact['metric']} {fact['as_of']}"
    if not fact.get("sources"):
        raise ValueError(f"{where}: a figure needs at least one source")
    resolved = []
    for key in fact["sources"]:
        if key not in sources:
            raise ValueError(f"{where}: unknown source {key!r}")
        missing = [name for name in SOURCE_FIELDS if name not in sources[key]]
        if missing or not sources[key]["url"].startswith(("http://", "https://")):
            raise ValueError(f"complexes.toml source {key!r}: missing {missing} or no web address")
        resolved.append({name: sources[key][name] for name in SOURCE_FIELDS})
    return resolved


def reference_sync_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: keep the vocabulary in step with the data files on every database."""
    reference_sync()
