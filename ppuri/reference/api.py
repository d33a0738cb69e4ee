from django.http import HttpRequest
from ninja import Field, Router, Schema

from ppuri.api.schemas import ErrorOut
from ppuri.reference import selectors
from ppuri.reference.facts import sources_as_text

router = Router(tags=["reference"])


class MaterialOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    family: str
    designations: list[str]
    synonyms: list[str]


class ProcessOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    synonyms: list[str]
    materials: list[str]

    @staticmethod
    def resolve_materials(obj: object) -> list[str]:
        return [m.slug for m in obj.materials.all()]  # type: ignore[attr-defined]


class TechnologyOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    group: str
    description_ko: str
    description_en: str
    processes: list[ProcessOut]

    @staticmethod
    def resolve_processes(obj: object) -> list[object]:
        return list(obj.processes.all())  # type: ignore[attr-defined]


class DefectOut(Schema):
    slug: str
    technology: str = Field(..., alias="technology.slug")
    name_ko: str
    name_en: str
    synonyms: list[str]
    causes_ko: str
    verified: bool
    source: str


class FactSourceOut(Schema):
    publisher_ko: str
    publisher_en: str
    title_ko: str
    title_en: str
    published: str = Field(description="YYYY-MM-DD; empty when the page shows no date")
    url: str


class ComplexFactOut(Schema):
    metric: str
    value: float
    as_of: str
    verified: bool = Field(description="false: a figure we could not confirm; `note_ko` says why")
    note_ko: str
    note_en: str
    source: str = Field(description="the sources on one line (publisher, title, date, address; …)")
    sources: list[FactSourceOut]

    @staticmethod
    def resolve_source(obj: object) -> str:
        return sources_as_text(obj.sources)  # type: ignore[attr-defined]


class ComplexOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    short_name_ko: str
    short_name_en: str
    aliases: list[str]
    district_ko: str
    district_en: str
    latitude: float | None
    longitude: float | None
    location_verified: bool
    facts: list[ComplexFactOut]

    @staticmethod
    def resolve_facts(obj: object) -> list[object]:
        return list(obj.facts.all())  # type: ignore[attr-defined]


class CertificationOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    kind: str
    issuer: str
    validity_years: int | None
    verified: bool


class SectorOut(Schema):
    slug: str
    name_ko: str
    name_en: str


@router.get(
    "/technologies", response=list[TechnologyOut], summary="The 14 root technologies and their processes"
)
def technologies(request: HttpRequest) -> object:
    return selectors.technology_list()


@router.get(
    "/defects",
    response={200: list[DefectOut], 404: ErrorOut},
    summary="Typical defects per root technology",
    description="결함 유형 / typical defects, optionally of one technology (slug). "
    "verified=false rows are unchecked standard knowledge and must be shown as such.",
)
def defects(request: HttpRequest, technology: str | None = None) -> object:
    if technology is None:
        return selectors.defect_list()
    return selectors.defect_list(technology=selectors.technology_get(slug=technology))


@router.get(
    "/complexes", response=list[ComplexOut], summary="Industrial complexes with aliases and dated figures"
)
def complexes(request: HttpRequest) -> object:
    return selectors.complex_list()


@router.get("/materials", response=list[MaterialOut])
def materials(request: HttpRequest) -> object:
    return selectors.material_list()


@router.get("/certifications", response=list[CertificationOut])
def certifications(request: HttpRequest) -> object:
    return selectors.certification_list()


@router.get("/sectors", response=list[SectorOut])
def sectors(request: HttpRequest) -> object:
    return selectors.sector_list()
