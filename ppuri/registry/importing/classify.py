"""Infer a factory's root technologies and processes from its products text and KSIC codes, with reasons.

Products text: process names and synonyms found in 생산품 (terms.py says how they are matched); a
technology's own name ("금형", "열처리") gives the technology without a process. Within one item of the
products list (between commas) a mold term wins over the casting, forming and injection processes that molds
serve: "프레스용 금형" is made by a die maker, not by a stamping shop.

KSIC codes: each code's technology (Rev. 11, else Rev. 10; the Rev. 9 code 29294 is read as 29293). A code
backs up the processes the text found for its technology, or else stands as that technology alone. Codes
outside the mapping (10799 food) give nothing: the factory is simply not a root-industry one.

Materials: those named in 생산품 or 원자재 go to each text-inferred process they are usual for
(Process.materials). A process for which none of them is usual gets all of them: the text says the factory
works these materials and nothing fits better. Technology-only inferences carry no materials.
"""

from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from ppuri.core.terms import Match, Squeezed, TermMatcher
from ppuri.reference.models import KsicCode, Material, Process, Technology
from ppuri.registry.importing.records import FactoryRecord

# KSIC Rev. 9 codes still found in older factory files → the Rev. 10/11 code (reference/data/ksic.toml).
LEGACY_KSIC: Final = {"29294": "29293"}
# The technologies whose tools a mold term describes: a die for die casting, stamping, forging, injection.
_SERVED_BY_MOLDS: Final = frozenset({"casting", "forming", "injection-press"})
_ITEM_SEPARATORS: Final = frozenset(",;/·ㆍ|")
_ROLE_NOTES: Final[dict[str, str]] = {
    KsicCode.Role.EQUIPMENT: "장비 제조",
    KsicCode.Role.CONSUMABLES: "재료 제조",
}
_CONFIDENCE_NOTES: Final = {"high": "신뢰도 높음", "medium": "신뢰도 중간", "low": "신뢰도 낮음"}
_QUOTED_CHARS: Final = 60

type _Owner = tuple[str, str]  # ("process" | "technology" | "material", slug)
type _Key = tuple[str, str | None]  # (technology slug, process slug or None)


@dataclass(frozen=True, slots=True)
class Inference:
    technology: str
    process: str | None  # None: the technology is known (from KSIC or its name) but no process
    materials: list[str]
    reason: str


@dataclass(frozen=True, slots=True)
class KsicEntry:
    code: str
    name: str
    technology: str
    role: str
    confidence: str
    verified: bool
    name_en: str = ""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The reference data classification needs, read once per import."""

    technology_rank: dict[str, int]
    process_rank: dict[str, int]
    process_technology: dict[str, str]
    process_materials: dict[str, frozenset[str]]
    material_rank: dict[str, int]
    ksic: dict[tuple[str, int], KsicEntry]
    product_terms: TermMatcher[_Owner]
    material_terms: TermMatcher[str]

    @classmethod
    def load(cls) -> "Vocabulary":
        technologies = list(Technology.objects.order_by("order"))
        processes = list(Process.objects.select_related("technology").prefetch_related("materials"))
        materials = list(Material.objects.all())
        codes = list(KsicCode.objects.select_related("technology"))

        material_terms = [
            (term, material.slug)
            for material in materials
            for term in (material.name_ko, *material.synonyms, *material.designations, material.name_en)
        ]
        # Processes first, so that a spelling shared with a technology or a material stays the process's.
        product_terms: list[tuple[str, _Owner]] = [
            (term, ("process", process.slug))
            for process in processes
            for term in (process.name_ko, *process.synonyms, process.name_en)
        ]
        product_terms += [
            (part, ("technology", technology.slug))
            for technology in technologies
            for part in technology.name_ko.replace("ㆍ", "·").split("·")
        ]
        # Materials claim their spans in the products text too: "금형강" is a steel, not the word "금형".
        product_terms += [(term, ("material", slug)) for term, slug in material_terms]

        return cls(
            technology_rank={technology.slug: rank for rank, technology in enumerate(technologies)},
            process_rank={process.slug: rank for rank, process in enumerate(processes)},
            process_technology={process.slug: process.technology.slug for process in processes},
            process_materials={
                process.slug: frozenset(material.slug for material in process.materials.all())
                for process in processes
            },
            material_rank={material.slug: rank for rank, material in enumerate(materials)},
            ksic={(code.code, code.revision): _ksic_entry_of(code) for code in codes},
            product_terms=TermMatcher(product_terms),
            material_terms=TermMatcher(material_terms),
        )


def classify(record: FactoryRecord, vocabulary: Vocabulary) -> list[Inference]:
    products = Squeezed(record.products)
    reasons: dict[_Key, list[str]] = {}
    for key, quotes in _text_matches(products, vocabulary).items():
        shown = ", ".join(f"'{quote}'" for quote in quotes)
        reasons[key] = [f"생산품 '{_shorten(record.products)}'에서 {shown}"]
    named = {technology for technology, process in reasons if process is not None}
    for technology in named:
        reasons.pop((technology, None), None)  # the technology's name adds nothing to one of its processes

    codes = list(dict.fromkeys([*record.ksic_codes, record.ksic_main]))
    for code in filter(None, codes):
        found = _ksic_reason(code, vocabulary)
        if found is None:
            continue
        technology, reason = found
        keys = [key for key in reasons if key[0] == technology] or [(technology, None)]
        for key in keys:
            reasons.setdefault(key, []).append(reason)

    materials = _materials(products, Squeezed(record.raw_materials), vocabulary)
    inferences = [
        Inference(
            technology=technology,
            process=process,
            materials=_materials_for(process, materials, vocabulary),
            reason="; ".join(dict.fromkeys(texts)),
        )
        for (technology, process), texts in reasons.items()
    ]
    inferences.sort(
        key=lambda inference: (
            vocabulary.technology_rank[inference.technology],
            vocabulary.process_rank[inference.process] if inference.process else -1,
        )
    )
    return inferences


def _text_matches(products: Squeezed, vocabulary: Vocabulary) -> dict[_Key, list[str]]:
    """(technology, process) → the words of the products text that named it, in text order."""
    matches = [match for match in vocabulary.product_terms.find(products) if match.owner[0] != "material"]
    separators = [index for index, char in enumerate(products.folded) if char in _ITEM_SEPARATORS]

    def technology_of(match: Match[_Owner]) -> str:
        kind, slug = match.owner
        return vocabulary.process_technology[slug] if kind == "process" else slug

    def item_of(match: Match[_Owner]) -> int:
        return bisect_right(separators, match.start)

    mold_items = {item_of(match) for match in matches if technology_of(match) == "mold"}
    found: dict[_Key, list[str]] = {}
    for match in matches:
        technology = technology_of(match)
        if technology in _SERVED_BY_MOLDS and item_of(match) in mold_items:
            continue
        process = match.owner[1] if match.owner[0] == "process" else None
        quotes = found.setdefault((technology, process), [])
        if match.quote not in quotes:
            quotes.append(match.quote)
    return found


def ksic_entry(code: str, table: dict[tuple[str, int], KsicEntry]) -> KsicEntry | None:
    """The mapping of a code as a factory file writes it: Rev. 11, else Rev. 10; Rev. 9's 29294 read as
    29293. None for a code outside the mapping (10799 food): not a root-industry code."""
    current = LEGACY_KSIC.get(code, code)
    return table.get((current, 11)) or table.get((current, 10))


def ksic_table(codes: list[str]) -> dict[tuple[str, int], KsicEntry]:
    """The mapping rows of these codes only (Vocabulary.ksic holds them all): for one organization."""
    wanted = {LEGACY_KSIC.get(code, code) for code in codes}
    return {
        (row.code, row.revision): _ksic_entry_of(row)
        for row in KsicCode.objects.filter(code__in=wanted).select_related("technology")
    }


def _ksic_entry_of(code: KsicCode) -> KsicEntry:
    return KsicEntry(
        code=code.code,
        name=code.name_ko,
        technology=code.technology.slug,
        role=code.role,
        confidence=code.confidence,
        verified=code.verified,
        name_en=code.name_en,
    )


def product_technologies(products: str, vocabulary: Vocabulary) -> dict[tuple[str, str | None], list[str]]:
    """(technology, process or None) → the words of a products text that named it, as classify reads
    them; empty for a text that names no root technology ("김치, 반찬류")."""
    return _text_matches(Squeezed(products), vocabulary)


def _ksic_reason(code: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The code's technology, and a reason: "KSIC 24321 알루미늄주물 주조업 (미확인 매핑, 신뢰도 높음)"."""
    current = LEGACY_KSIC.get(code, code)
    entry = ksic_entry(code, vocabulary.ksic)
    if entry is None:
        return None
    label = f"KSIC {code}" if current == code else f"KSIC {code}(9차 개정 코드, {current}(으)로 봄)"
    notes = [
        *([_ROLE_NOTES[entry.role]] if entry.role in _ROLE_NOTES else []),
        "별표 2 확인" if entry.verified else "미확인 매핑",
        _CONFIDENCE_NOTES.get(entry.confidence, entry.confidence),
    ]
    return entry.technology, f"{label} {entry.name} ({', '.join(notes)})"


def _materials(products: Squeezed, raw_materials: Squeezed, vocabulary: Vocabulary) -> list[str]:
    slugs = {
        match.owner for text in (products, raw_materials) for match in vocabulary.material_terms.find(text)
    }
    return sorted(slugs, key=vocabulary.material_rank.__getitem__)


def _materials_for(process: str | None, materials: list[str], vocabulary: Vocabulary) -> list[str]:
    if process is None:
        return []
    usual = [material for material in materials if material in vocabulary.process_materials[process]]
    return usual or list(materials)


def _shorten(text: str) -> str:
    return text if len(text) <= _QUOTED_CHARS else text[:_QUOTED_CHARS] + "…"
