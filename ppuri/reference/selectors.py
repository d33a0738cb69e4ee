from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ppuri.core.i18n import in_reader_language
from ppuri.core.text import clean_spaces
from ppuri.reference.models import (
    Certification,
    Complex,
    Defect,
    Material,
    Process,
    Qualification,
    Sector,
    Technology,
)


def technology_list() -> QuerySet[Technology]:
    return Technology.objects.prefetch_related(
        Prefetch("processes", queryset=Process.objects.prefetch_related("materials"))
    )


def technology_get(*, slug: str) -> Technology:
    """The technology with this slug, or 404."""
    return get_object_or_404(Technology, slug=slug)


def defect_list(*, technology: Technology | None = None) -> QuerySet[Defect]:
    defects = Defect.objects.select_related("technology")
    return defects.filter(technology=technology) if technology is not None else defects


# The vocabularies that name facet values (slug → name in the reader's language).
_NAMED_BY_SLUG = {
    "complex": Complex,
    "technology": Technology,
    "process": Process,
    "material": Material,
    "certification": Certification,
    "sector": Sector,
}


def vocabulary_names(kind: str) -> list[tuple[str, str]]:
    """(slug, name) of a vocabulary in its order, complexes by their short names. Read as plain values:
    pages that label facets ask on every request, and whole rows (synonyms, aliases) cost ten times more."""
    model = _NAMED_BY_SLUG[kind]
    korean, english = ("short_name_ko", "short_name_en") if model is Complex else ("name_ko", "name_en")
    rows = model.objects.values_list("slug", korean, english)  # type: ignore[attr-defined]
    return [(slug, in_reader_language(ko, en)) for slug, ko, en in rows]


def complex_list() -> QuerySet[Complex]:
    return Complex.objects.prefetch_related("facts")


def material_list() -> QuerySet[Material]:
    return Material.objects.all()


def certification_list() -> QuerySet[Certification]:
    return Certification.objects.all()


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def qualification_list() -> QuerySet[Qualification]:
    return Qualification.objects.prefetch_related("technologies", "processes", "counts_as")


def qualifications_in_use() -> QuerySet[Qualification]:
    """The items a new posting may ask for: not the abolished ones (their holders keep them)."""
    return Qualification.objects.filter(
        Q(in_use_until__isnull=True) | Q(in_use_until__gte=timezone.localdate())
    )


def qualification_names() -> dict[str, Qualification]:
    """Every name a qualification is known by (slug, Korean and English name, former names) → the
    qualification. Load it once for a batch of lookups."""
    names: dict[str, Qualification] = {}
    for qualification in Qualification.objects.all():
        spellings = [qualification.slug, qualification.name_ko, qualification.name_en]
        spellings += [
            former.get(key, "") for former in qualification.former_names for key in ("name_ko", "name_en")
        ]
        for name in spellings:
            if name:
                names.setdefault(_name_key(name), qualification)
    return names


def qualification_resolve(name: str, names: dict[str, Qualification] | None = None) -> Qualification | None:
    """A qualification by slug or by any of its names, old ones included (용접기능사 → 피복아크용접기능사);
    None for a name nobody uses."""
    return (names if names is not None else qualification_names()).get(_name_key(name))


def _name_key(name: str) -> str:
    return clean_spaces(name).replace(" ", "").casefold()


def complex_names() -> dict[str, Complex]:
    """Every name people use for a complex (slug, official name, short names, aliases) → the complex.
    Load it once for a batch of lookups, as an import does."""
    names: dict[str, Complex] = {}
    for complex_ in Complex.objects.all():
        for name in [complex_.slug, complex_.name_ko, complex_.name_en, complex_.short_name_ko,
                     complex_.short_name_en, *complex_.aliases]:  # fmt: skip
            if name:
                names[_name_key(name)] = complex_
    return names


def complex_resolve(name: str, names: dict[str, Complex] | None = None) -> Complex | None:
    """Find a complex by any of its names; None for blank or unknown names (individual sites)."""
    key = _name_key(name)
    if not key:
        return None
    return (names if names is not None else complex_names()).get(key)
