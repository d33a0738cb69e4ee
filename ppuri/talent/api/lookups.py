"""Names in the talent API's input: qualifications by any of their names, and the choices (rows by slug
are ppuri.api.lookups.by_slugs)."""

from typing import Literal

from ninja import Field

from ppuri.api.lookups import unknown_values
from ppuri.reference.models import Qualification
from ppuri.reference.selectors import qualification_names, qualification_resolve
from ppuri.talent.models import MAX_MONTHLY_WAGE

EmploymentTypeIn = Literal["full_time", "fixed_term", "internship"]
ShiftIn = Literal["day", "two_shift", "three_shift"]
Wage = Field(..., ge=1, le=MAX_MONTHLY_WAGE, description="월 임금(원) / KRW a month")


# --- lookups of names in input ------------------------------------------------------------------------


def qualifications_each(field: str, values: list[str]) -> list[Qualification]:
    """One qualification for each value, in order, by slug or by any name, former names included
    (용접기능사 → 피복아크용접기능사); the names are read once."""
    names = qualification_names()
    resolved = [(value, qualification_resolve(value, names)) for value in values]
    unknown = [value for value, found in resolved if found is None]
    if unknown:
        raise unknown_values(field, unknown)
    return [found for _value, found in resolved if found is not None]


def qualifications_named(field: str, values: list[str]) -> list[Qualification]:
    """The qualifications these values name, each once."""
    return list({q.pk: q for q in qualifications_each(field, values)}.values())
