from datetime import date

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


class FormerNameOut(Schema):
    name_ko: str
    name_en: str = ""
    until: str = Field("", description="이전 명칭을 쓴 마지막 날(YYYY-MM-DD); 모르면 빈 값")
    source: str


class QualificationOut(Schema):
    slug: str
    name_ko: str
    name_en: str
    level: str = Field(
        ...,
        description="craftsman 기능사 | industrial_engineer 산업기사 | engineer 기사 | "
        "master_craftsman 기능장 | professional_engineer 기술사",
    )
    technologies: list[str]
    processes: list[str]
    former_names: list[FormerNameOut]
    ncs: list[str] = Field(..., description="NCS 세분류 코드(출처로 확인한 것만)")
    in_use_until: date | None = Field(
        ..., description="폐지된 종목의 시행 마지막 날(새 채용 공고에는 쓸 수 없음) / last day in use"
    )
    counts_as: list[str] = Field(
        ..., description="보유자를 이 종목 보유로 보고 매칭함(Ppuri의 매칭 규칙, 법령상 간주 아님)"
    )
    verified: bool = Field(..., description="false: Q-Net 등 출처와 아직 대조하지 못한 항목")
    source: str

    @staticmethod
    def resolve_technologies(obj: object) -> list[str]:
        return [t.slug for t in obj.technologies.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_processes(obj: object) -> list[str]:
        return [p.slug for p in obj.processes.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_counts_as(obj: object) -> list[str]:
        return [q.slug for q in obj.counts_as.all()]  # type: ignore[attr-defined]


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


@router.get(
    "/qualifications",
    response=list[QualificationOut],
    summary="National technical qualifications of the root technologies, with former names",
    description="국가기술자격(Q-Net) / national technical qualifications with their level, technologies, "
    "processes and former names (an old name such as 용접기능사 still means 피복아크용접기능사).",
)
def qualifications(request: HttpRequest) -> object:
    return selectors.qualification_list()
