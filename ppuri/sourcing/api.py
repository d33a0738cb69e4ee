"""Sourcing API: the stateless match (anonymous callers too: public profile data only)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from ppuri.api.schemas import InputSchema
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.sourcing.matching import Candidate, MatchResult, PartSpec, match

router = Router(tags=["sourcing"])


class MatchIn(InputSchema):
    title: str = Field("", max_length=200)
    description: str = Field("", max_length=5_000)
    material: str | None = Field(None, description="소재 slug (aluminum …) 또는 규격 기호 (A356, SCM415 …)")
    processes: list[str] = Field(
        default_factory=list, max_length=10, description="공정 slug, 순서대로; 비우면 설명에서 추론"
    )
    quantity: int = Field(1, ge=1, le=10**9)
    certifications: list[str] = Field(default_factory=list, max_length=10)
    sector: str | None = None
    complexes: list[str] = Field(default_factory=list, max_length=4)
    deadline: date | None = None
    length_mm: int | None = Field(None, ge=1)
    width_mm: int | None = Field(None, ge=1)
    height_mm: int | None = Field(None, ge=1)
    weight_kg: Decimal | None = Field(None, ge=0)


class SupplierOut(Schema):
    company_id: int
    name: str
    url: str
    score: float
    reasons: list[str]
    explanation: str
    place: str


class ChainStepOut(Schema):
    process: str
    company_id: int
    name: str
    km_from_previous: float | None
    latitude: float | None
    longitude: float | None


class ChainOut(Schema):
    score: float
    total_distance_km: float
    steps: list[ChainStepOut]


class MatchOut(Schema):
    processes: list[str]
    inferred: dict[str, str] = Field(..., description="설명에서 추론한 공정과 그 근거 낱말")
    suppliers: dict[str, list[SupplierOut]]
    chains: list[ChainOut]


def _one(model: Any, field_name: str, value: str, label: str) -> Any:
    try:
        return model.objects.get(slug=value)
    except model.DoesNotExist:
        raise ValidationError({field_name: [f"Unknown {label}: {value!r}."]}) from None


def _many(model: Any, field_name: str, values: list[str], label: str) -> list[Any]:
    found = model.objects.in_bulk(values, field_name="slug")
    unknown = [value for value in values if value not in found]
    if unknown:
        raise ValidationError({field_name: [f"Unknown {label}: {', '.join(map(repr, unknown))}."]})
    return [found[value] for value in values]


def material_by_name(value: str) -> Material | None:
    """A material by slug or by one of its designations (A356 → aluminum, SCM415 → alloy steel)."""
    found = Material.objects.filter(slug=value).first()
    if found:
        return found
    wanted = value.replace(" ", "").replace("-", "").upper()
    for material in Material.objects.all():
        codes = {str(code).replace(" ", "").replace("-", "").upper() for code in material.designations}
        if wanted in codes or any(wanted.startswith(code) for code in codes if len(code) >= 3):
            return material
    return None


def part_spec(payload: MatchIn, *, exclude: tuple[int, ...] = ()) -> PartSpec:
    material = None
    if payload.material:
        material = material_by_name(payload.material)
        if material is None:
            raise ValidationError({"material": [f"Unknown material: {payload.material!r}."]})
    return PartSpec(
        title=payload.title,
        description=payload.description,
        material=material,
        processes=tuple(_many(Process, "processes", payload.processes, "process")),
        quantity=payload.quantity,
        certifications=tuple(_many(Certification, "certifications", payload.certifications, "certification")),
        sector=_one(Sector, "sector", payload.sector, "sector") if payload.sector else None,
        complexes=tuple(_many(Complex, "complexes", payload.complexes, "complex")),
        deadline=payload.deadline,
        length_mm=payload.length_mm,
        width_mm=payload.width_mm,
        height_mm=payload.height_mm,
        weight_kg=payload.weight_kg,
        exclude=exclude,
    )


def _supplier(candidate: Candidate) -> dict[str, Any]:
    return {
        "company_id": candidate.organization_id,
        "name": candidate.name,
        "url": candidate.url,
        "score": candidate.score,
        "reasons": candidate.reasons,
        "explanation": candidate.explanation,
        "place": candidate.place,
    }


def match_out(result: MatchResult) -> dict[str, Any]:
    return {
        "processes": [process.slug for process in result.processes],
        "inferred": result.inferred,
        "suppliers": {slug: [_supplier(c) for c in found] for slug, found in result.suppliers.items()},
        "chains": [
            {
                "score": chain.score,
                "total_distance_km": chain.total_distance_km,
                "steps": [
                    {
                        "process": step.process.slug,
                        "company_id": step.candidate.organization_id,
                        "name": step.candidate.name,
                        "km_from_previous": step.km_from_previous,
                        "latitude": step.candidate.latitude,
                        "longitude": step.candidate.longitude,
                    }
                    for step in chain.steps
                ],
            }
            for chain in result.chains
        ],
    }


@router.post(
    "/sourcing/match",
    response=MatchOut,
    summary="부품 설명에서 공정별 공급기업과 공정 체인 / suppliers per step and whole process chains",
)
def sourcing_match(request: HttpRequest, payload: MatchIn) -> dict[str, Any]:
    return match_out(match(part_spec(payload)))
