"""The demo's organizations: how many companies go where (the four complexes in the proportions of
their real company counts, a share outside them, the buyers), the plan for a seed, and writing it.

The generated rows come from companies.py; the hand-written suppliers of sourcing.py keep their names."""

import math

from ppuri.accounts.models import User
from ppuri.demo import sourcing
from ppuri.demo.companies import CompanyGenerator, PlannedOrganization, ReferenceRows, reference_rows
from ppuri.demo.datafiles import data_file
from ppuri.demo.places import pick_weighted
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site

# Latest company counts per complex (domain-facts §3.1): 남동 8,034 (2024-09), 주안 1,163 (2021-07),
# 부평 1,490 (2021-07), 서부 ~400 (undated). The demo keeps their proportions.
COMPLEX_COMPANY_COUNTS = {"namdong": 8034, "juan": 1163, "bupyeong": 1490, "seobu": 400}
ROOT_COMPANIES_IN_COMPLEXES = 2200
OUTSIDE_SHARE = 0.08  # individual sites outside the complexes, as a share of the complex companies
ROBOTICS_STARTUPS = 25
BIO_HEALTH_COMPANIES = 20
_JUAN_SEO_SHARE = 0.4  # 주안 spans 미추홀구 (5단지) and 서구 가좌동 (6단지)


def _check_data(ref: ReferenceRows) -> None:
    """Fail loudly when the demo files name something the reference data does not have."""
    profiles = data_file("profiles.toml")
    missing: set[str] = set()
    for profile in profiles["profile"]:
        for capability in profile["capability"]:
            if capability["process"] not in ref.processes:
                missing.add(f"process {capability['process']}")
        for slug in profile["sectors"]:
            if slug not in ref.sectors:
                missing.add(f"sector {slug}")
        for slug in profile.get("certifications", {}):
            if slug not in ref.certifications:
                missing.add(f"certification {slug}")
    for slug in profiles["certification_shares"]:
        if slug not in ref.certifications:
            missing.add(f"certification {slug}")
    for slug in [*COMPLEX_COMPANY_COUNTS, *profiles["complex_multipliers"]]:
        if slug not in ref.complexes:
            missing.add(f"complex {slug}")
    for slug in ("iso-9001", "iatf-16949", "as9100", "nadcap", "iso-13485", "root-company", "venture"):
        if slug not in ref.certifications:
            missing.add(f"certification {slug}")
    for slug in ("robotics", "bio-health"):
        if slug not in ref.sectors:
            missing.add(f"sector {slug}")
    if missing:
        raise ValueError("demo data names unknown reference rows: " + ", ".join(sorted(missing)))


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    whole = sum(weights.values())
    exact = {key: total * value / whole for key, value in weights.items()}
    counts = {key: math.floor(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def demo_plan(*, seed: int) -> list[PlannedOrganization]:
    """The demo organizations for a seed, unsaved: institutions, root companies, then buyers."""
    ref = reference_rows()
    _check_data(ref)
    generator = CompanyGenerator(seed=seed, ref=ref)
    for name in sourcing.supplier_names():  # written by hand (demo/sourcing.py): never generated
        generator.claim(name)
    plan = [generator.institution(row) for row in data_file("institutions.toml")["institution"]]

    per_complex = _largest_remainder(ROOT_COMPANIES_IN_COMPLEXES, COMPLEX_COMPANY_COUNTS)
    slots: list[tuple[str, str]] = []
    for slug, count in per_complex.items():
        for _ in range(count):
            area = slug
            if slug == "juan":
                area = "juan-seo" if generator.rng.random() < _JUAN_SEO_SHARE else "juan-michuhol"
            slots.append((slug, area))
    outside_areas = {a["key"]: float(a["weight"]) for a in generator.areas.values() if "weight" in a}
    for _ in range(round(ROOT_COMPANIES_IN_COMPLEXES * OUTSIDE_SHARE)):
        slots.append(("", pick_weighted(generator.rng, outside_areas)))
    generator.rng.shuffle(slots)
    plan += [generator.root_company(complex_slug=slug, area_key=area) for slug, area in slots]

    plan += generator.technology_companies(sector="robotics", area_key="cheongna", count=ROBOTICS_STARTUPS)
    plan += generator.technology_companies(sector="bio-health", area_key="songdo", count=BIO_HEALTH_COMPANIES)
    return plan


def organizations_write(plan: list[PlannedOrganization]) -> None:
    """The plan's organizations and their sites."""
    Organization.objects.bulk_create([planned.organization for planned in plan], batch_size=500)
    Site.objects.bulk_create([planned.site for planned in plan], batch_size=500)


def profiles_write(plan: list[PlannedOrganization], *, operator: User | None) -> None:
    """The capabilities, certificates and sectors of the plan's organizations; the verified
    capabilities name the operator who checked them."""
    capabilities = [capability for planned in plan for capability, _ in planned.capabilities]
    for capability in capabilities:
        if capability.source == Capability.Source.VERIFIED:
            capability.verified_by = operator
    Capability.objects.bulk_create(capabilities, batch_size=500)
    CapabilityMaterial = Capability.materials.through
    CapabilityMaterial.objects.bulk_create(
        [
            CapabilityMaterial(capability_id=capability.pk, material_id=material_id)
            for planned in plan
            for capability, material_ids in planned.capabilities
            for material_id in material_ids
        ],
        batch_size=1000,
    )
    OrganizationCertification.objects.bulk_create(
        [certification for planned in plan for certification in planned.certifications], batch_size=500
    )
    OrganizationSector = Organization.sectors.through
    OrganizationSector.objects.bulk_create(
        [
            OrganizationSector(organization_id=planned.organization.pk, sector_id=sector_id)
            for planned in plan
            for sector_id in planned.sector_ids
        ],
        batch_size=1000,
    )
