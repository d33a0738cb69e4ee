"""The generated demo organizations, unsaved: root companies with their sites, capabilities and
certificates drawn from the hand-written profiles (data/profiles.toml), robotics and bio-health buyers,
and the institutions of the 2019 cooperation agreement (data/institutions.toml).

Every date is relative to REFERENCE_DATE, so the same seed gives the same companies on any day."""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ppuri.core.text import normalize_company_name
from ppuri.demo.datafiles import data_file
from ppuri.demo.places import NamesAndPlaces, pick_weighted
from ppuri.reference.models import Certification, Complex, Confidence, KsicCode, Process, Sector
from ppuri.registry.models import Capability, Organization, OrganizationCertification, Site

# "Today" for the demo: certificates, registrations and verifications are dated relative to it.
REFERENCE_DATE = date(2026, 11, 1)
_SEOUL = ZoneInfo("Asia/Seoul")

# Employees: 68.4% of root companies have fewer than 10 (domain-facts §1.4, 2013 survey).
# The band weights sit a little above that because foundries and forges draw bigger firms.
_EMPLOYEE_BANDS = [
    (1, 4, 32.0),
    (5, 9, 40.5),
    (10, 19, 14.0),
    (20, 49, 9.5),
    (50, 99, 3.5),
    (100, 299, 1.6),
    (300, 700, 0.25),
]
# Most likely founding years: 주안 and 부평 date from the 1970s, 남동 from 1985–1997, 서부 from 1984–1995.
_FOUNDED_MODE = {"namdong": 1996, "juan": 1986, "bupyeong": 1988, "seobu": 1994}
_JITTER_M = 700


@dataclass
class PlannedOrganization:
    """One organization of the plan, unsaved, with the rows that hang off it."""

    organization: Organization
    site: Site
    tag: str  # profile key, "robotics", "bio-health" or an institution key
    complex_slug: str = ""
    capabilities: list[tuple[Capability, list[int]]] = field(default_factory=list)
    certifications: list[OrganizationCertification] = field(default_factory=list)
    sector_ids: list[int] = field(default_factory=list)
    sector_slugs: list[str] = field(default_factory=list)
    primary_process: str = ""


@dataclass
class ReferenceRows:
    processes: dict[str, Process]
    process_materials: dict[str, list[tuple[str, int]]]  # slug -> [(material slug, id)] in order
    sectors: dict[str, int]
    certifications: dict[str, Certification]
    complexes: dict[str, Complex]
    high_ksic: dict[str, str]  # code -> Korean name, High-confidence process rows of Rev. 11
    ksic_names: dict[str, str]  # every code of Rev. 11


def reference_rows() -> ReferenceRows:
    """The reference rows the generator draws from, fetched once."""
    processes = {
        p.slug: p for p in Process.objects.select_related("technology").prefetch_related("materials")
    }
    process_materials = {
        slug: sorted(((m.slug, m.pk) for m in p.materials.all()), key=lambda pair: pair[0])
        for slug, p in processes.items()
    }
    ksic_rows = list(KsicCode.objects.filter(revision=11))
    return ReferenceRows(
        processes=processes,
        process_materials=process_materials,
        sectors={s.slug: s.pk for s in Sector.objects.all()},
        certifications={c.slug: c for c in Certification.objects.all()},
        complexes={c.slug: c for c in Complex.objects.all()},
        high_ksic={
            k.code: k.name_ko
            for k in ksic_rows
            if k.confidence == Confidence.HIGH and k.role == KsicCode.Role.PROCESS
        },
        ksic_names={k.code: k.name_ko for k in ksic_rows},
    )


def _sample_weighted(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        key = pick_weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


class CompanyGenerator(NamesAndPlaces):
    def __init__(self, *, seed: int, ref: ReferenceRows) -> None:
        super().__init__(seed=seed)
        self.ref = ref
        self.profiles = data_file("profiles.toml")

    # companies -----------------------------------------------------------------------------------

    def employees(self, size_factor: float) -> int:
        weights = {
            str(index): weight * size_factor**index for index, (_, _, weight) in enumerate(_EMPLOYEE_BANDS)
        }
        low, high, _ = _EMPLOYEE_BANDS[int(pick_weighted(self.rng, weights))]
        return self.rng.randint(low, high)

    @staticmethod
    def size(employees: int) -> str:
        if employees < 50:
            return Organization.Size.SMALL
        if employees < 300:
            return Organization.Size.MEDIUM
        return Organization.Size.MIDSIZE

    def technology_for(self, complex_slug: str) -> str:
        weights = dict(self.profiles["technology_weights"])
        for technology, factor in self.profiles["complex_multipliers"].get(complex_slug, {}).items():
            weights[technology] *= factor
        return pick_weighted(self.rng, weights)

    def profile_for(self, technology: str) -> dict[str, Any]:
        candidates = [p for p in self.profiles["profile"] if p["technology"] == technology]
        return self.rng.choices(candidates, weights=[p["weight"] for p in candidates])[0]

    def sectors(self, weights: dict[str, float], forced: list[str]) -> list[str]:
        count = self.rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
        chosen = [s for s in forced if s in weights]
        for slug in _sample_weighted(self.rng, weights, count):
            if slug not in chosen:
                chosen.append(slug)
        return chosen[: max(count, len(forced))]

    def root_company(self, *, complex_slug: str, area_key: str) -> PlannedOrganization:
        rng = self.rng
        complex_ = self.ref.complexes.get(complex_slug) if complex_slug else None
        technology = self.technology_for(complex_slug or "outside")
        profile = self.profile_for(technology)
        name, name_en = self.company_name(profile["words"])
        employees = self.employees(profile.get("size_factor", 1.0))
        mode = _FOUNDED_MODE.get(complex_slug, 2000)
        founded = round(rng.triangular(1970, 2022, mode))
        registered = min(2024, founded + rng.choice([0, 0, 0, 1, 2, 3, 5, 8]))
        if complex_slug == "namdong":
            registered = max(registered, 1989)  # phase 1 of the complex was finished in 1989-02
        elif complex_slug == "seobu":
            registered = max(registered, 1992)  # designated as a foundry complex in 1992-08

        main_ksic = profile.get("ksic", "")
        main_ksic = main_ksic if main_ksic in self.ref.high_ksic else ""
        site_codes = [main_ksic] if main_ksic else [rng.choice(profile.get("site_ksic", [""]))]
        site_codes = [code for code in site_codes if code]

        products = rng.sample(profile["products"], k=min(len(profile["products"]), rng.choice([1, 1, 2])))
        address = self.address(area_key)
        latitude, longitude = self.coordinates(area_key, complex_, _JITTER_M if complex_ else 1500)
        sector_slugs = self.sectors(profile["sectors"], profile.get("force_sectors", []))

        where = complex_.short_name_ko if complex_ else f"인천 {self.areas[area_key]['district']}"
        where_en = complex_.short_name_en if complex_ else "Incheon"
        technology_row = self.ref.processes[profile["capability"][0]["process"]].technology
        organization = Organization(
            kind=Organization.Kind.COMPANY,
            name=name,
            name_en=name_en if rng.random() < 0.4 or employees >= 50 else "",
            normalized_name=normalize_company_name(name),
            description=(
                f"{founded}년에 설립한 {technology_row.name_ko} 기업으로 {where}에서 {products[0]} 등을 "
                "생산합니다."
            ),
            products=", ".join(products),
            raw_materials=rng.choice(profile["raw_materials"]),
            ksic_main=main_ksic,
            size=self.size(employees),
            employees=employees,
            founded_year=founded,
            phone=self.phone(),
            is_demo=True,
        )
        if organization.name_en:
            organization.description_en = (
                f"{technology_row.name_en} company in {where_en}, founded in {founded}."
            )
        site = Site(
            organization=organization,
            name="본사 공장",
            complex=complex_,
            address=address,
            district=self.areas[area_key]["district"],
            latitude=latitude,
            longitude=longitude,
            factory_number=self.factory_number(area_key, registered),
            ksic_codes=site_codes,
            is_primary=True,
        )
        planned = PlannedOrganization(
            organization=organization,
            site=site,
            tag=profile["key"],
            complex_slug=complex_slug,
            primary_process=profile["capability"][0]["process"],
        )
        self.capabilities(planned, profile, products)
        planned.sector_slugs = sector_slugs
        planned.sector_ids = [self.ref.sectors[slug] for slug in sector_slugs]
        self.certifications(planned, profile, sector_slugs, founded)
        return planned

    def capabilities(
        self, planned: PlannedOrganization, profile: dict[str, Any], products: list[str]
    ) -> None:
        rng = self.rng
        batch = profile["batch"]
        site_codes: list[str] = planned.site.ksic_codes
        for index, spec in enumerate(profile["capability"]):
            if len(planned.capabilities) >= 4:
                break
            if index > 0 and rng.random() >= spec.get("chance", 1.0):
                continue
            process = self.ref.processes[spec["process"]]
            allowed = dict(self.ref.process_materials[process.slug])
            wanted = [slug for slug in spec.get("materials", []) if slug in allowed] or sorted(allowed)
            material_ids: list[int] = []
            if wanted:
                count = min(len(wanted), rng.choice([1, 1, 2, 2, 3]))
                chosen = (
                    [wanted[0], *rng.sample(wanted[1:], k=count - 1)]
                    if index == 0
                    else (rng.sample(wanted, k=count))
                )
                material_ids = [allowed[slug] for slug in chosen]

            ksic = spec.get("ksic", "")
            if index > 0 and ksic in self.ref.high_ksic and ksic not in site_codes and rng.random() < 0.7:
                site_codes.append(ksic)
            source, detail, verified_at = self.source(
                primary=index == 0,
                ksic=(planned.organization.ksic_main if index == 0 else ksic if ksic in site_codes else ""),
                product=products[0],
            )
            capability = Capability(
                organization=planned.organization,
                site=planned.site,
                process=process,
                batch_band=pick_weighted(rng, batch),
                equipment=rng.choice(spec["equipment"]) if spec.get("equipment") else "",
                source=source,
                source_detail=detail,
                verified_at=verified_at,
            )
            if rng.random() < 0.75:
                self.envelope(capability, spec)
            planned.capabilities.append((capability, material_ids))

    def envelope(self, capability: Capability, spec: dict[str, Any]) -> None:
        rng = self.rng
        if "length_mm" in spec:
            low, high = spec["length_mm"]
            length = math.exp(rng.uniform(math.log(low), math.log(high)))
            step = 10 if length < 1000 else 50
            capability.max_length_mm = _round_to(length, step)
            capability.max_width_mm = _round_to(length * rng.uniform(0.4, 1.0), step)
            capability.max_height_mm = _round_to(length * rng.uniform(0.2, 0.8), step)
        if "weight_kg" in spec:
            low, high = spec["weight_kg"]
            weight = math.exp(rng.uniform(math.log(low), math.log(high)))
            digits = 3 if weight < 1 else 1 if weight < 100 else 0
            capability.max_weight_kg = Decimal(str(round(weight, digits)))

    def source(self, *, primary: bool, ksic: str, product: str) -> tuple[str, str, datetime | None]:
        rng = self.rng
        draw = rng.random()
        if primary:
            if draw < 0.05:
                return self.verified()
            if draw < 0.20:
                return Capability.Source.DECLARED, "", None
            if ksic and rng.random() < 0.6:
                return Capability.Source.IMPORTED, f"KSIC {ksic} {self.ref.ksic_names[ksic]}", None
            return Capability.Source.IMPORTED, f"생산품 '{product}'", None
        if ksic and draw < 0.7:
            return Capability.Source.IMPORTED, f"KSIC {ksic} {self.ref.ksic_names[ksic]}", None
        if draw < 0.95:
            return Capability.Source.DECLARED, "", None
        return self.verified()

    def verified(self) -> tuple[str, str, datetime]:
        day = REFERENCE_DATE - timedelta(days=self.rng.randint(5, 500))
        at = datetime(day.year, day.month, day.day, self.rng.randint(9, 17), 0, tzinfo=_SEOUL)
        return Capability.Source.VERIFIED, f"운영기관 현장 확인 {day.isoformat()}", at

    def certifications(
        self, planned: PlannedOrganization, profile: dict[str, Any], sectors: list[str], founded: int
    ) -> None:
        rng = self.rng
        employees = planned.organization.employees or 1
        size_factor = 0.55 if employees < 10 else 1.3 if employees < 50 else 1.9
        boosts = profile.get("certifications", {})
        shares = dict(self.profiles["certification_shares"])
        if "automotive" in sectors:
            shares["iatf-16949"] = 0.27
            shares["hyundai-kia-sq"] = 0.10
        if "aerospace" in sectors:
            shares["as9100"] = 0.35
            if profile["technology"] in {"heat-treatment", "surface-treatment", "welding"}:
                shares["nadcap"] = 0.3
        if "bio-health" in sectors:
            shares["iso-13485"] = 0.3
        if profile["technology"] == "casting":
            shares["ks-mark"] = 0.10
        if employees < 10:
            shares.pop("innobiz", None)
            shares.pop("mainbiz", None)

        for slug, share in shares.items():
            factor = 1.0 if slug == "root-company" else size_factor
            chance = min(0.95, share * factor * boosts.get(slug, 1.0))
            if slug in ("as9100", "nadcap") and profile.get("force_sectors") and share:
                chance = 0.8
            if rng.random() >= chance:
                continue
            certification = self.ref.certifications[slug]
            years = certification.validity_years
            earliest = date(max(founded + 1, 2000), 1, 1)
            if years:
                # Mostly valid on the reference date; about one in fifteen has lapsed.
                span_start = REFERENCE_DATE - timedelta(days=365 * years - 1)
                if rng.random() < 0.07:
                    span_start -= timedelta(days=400)
                start = max(earliest, span_start)
            else:
                start = max(earliest, REFERENCE_DATE - timedelta(days=365 * 12))
            if start >= REFERENCE_DATE:
                continue
            issued = start + timedelta(days=rng.randrange((REFERENCE_DATE - start).days))
            if issued.month == 2 and issued.day == 29:
                issued = issued.replace(day=28)
            planned.certifications.append(
                OrganizationCertification(
                    organization=planned.organization,
                    certification=certification,
                    issued_on=issued,
                    valid_until=_add_years(issued, years) if years else None,
                    verified=rng.random() < (0.6 if slug == "root-company" else 0.3),
                )
            )

    # buyers and institutions -----------------------------------------------------------------------

    def technology_companies(self, *, sector: str, area_key: str, count: int) -> list[PlannedOrganization]:
        """Buyers, each with a stem of its own; products go round the list so that all appear."""
        prefix = "robotics" if sector == "robotics" else "bio"
        stems = self.rng.sample(self.names[f"{prefix}_stems"], k=count)
        products = list(self.names[f"{prefix}_products"])
        self.rng.shuffle(products)
        return [
            self.technology_company(
                sector=sector, area_key=area_key, stem=stem, product=products[index % len(products)]
            )
            for index, stem in enumerate(stems)
        ]

    def technology_company(
        self, *, sector: str, area_key: str, stem: list[str], product: list[str]
    ) -> PlannedOrganization:
        rng = self.rng
        words = list(self.names["robotics_words" if sector == "robotics" else "bio_words"])
        rng.shuffle(words)
        core, english = next(
            (
                (f"{stem[0]}{word}", f"{stem[1]} {word_en}")
                for word, word_en in words
                if self.claim(f"{stem[0]}{word}")
            ),
            (None, None),
        )
        if core is None or english is None:
            raise ValueError(f"no free company name for the stem {stem[0]}")
        name, name_en = self._legal_form(core, english)
        product_name, needs = product
        founded = rng.randint(2012, 2024)
        employees = int(rng.triangular(3, 120, 15))
        place = "청라" if sector == "robotics" else "송도"
        organization = Organization(
            kind=Organization.Kind.COMPANY,
            name=name,
            name_en=name_en,
            normalized_name=normalize_company_name(name),
            description=f"{place}의 {product_name} 기업입니다. 인천 뿌리기업에서 조달하려는 품목: {needs}.",
            description_en=f"A {'robotics' if sector == 'robotics' else 'bio-health'} company in "
            f"{'Cheongna' if sector == 'robotics' else 'Songdo'}, founded in {founded}.",
            products=product_name,
            size=self.size(employees),
            employees=employees,
            founded_year=founded,
            phone=self.phone(),
            is_demo=True,
        )
        latitude, longitude = self.coordinates(area_key, None, 1200)
        site = Site(
            organization=organization,
            name="본사",
            address=self.address(area_key),
            district=self.areas[area_key]["district"],
            latitude=latitude,
            longitude=longitude,
            is_primary=True,
        )
        planned = PlannedOrganization(organization=organization, site=site, tag=sector)
        extra = rng.choice(
            ["", "", "it-electronics", "semiconductor" if sector == "bio-health" else "machinery"]
        )
        planned.sector_ids = [self.ref.sectors[s] for s in (sector, extra) if s]
        if rng.random() < 0.5:
            self.designation(planned, "venture", founded)
        return planned

    def designation(self, planned: PlannedOrganization, slug: str, founded: int) -> None:
        start = date(max(founded, 2012), 1, 1)
        issued = start + timedelta(days=self.rng.randrange(max(1, (REFERENCE_DATE - start).days)))
        certification = self.ref.certifications[slug]
        years = certification.validity_years
        planned.certifications.append(
            OrganizationCertification(
                organization=planned.organization,
                certification=certification,
                issued_on=issued,
                valid_until=_add_years(issued, years) if years else None,
            )
        )

    def institution(self, row: dict[str, Any]) -> PlannedOrganization:
        self.claim(row["name"])
        latitude, longitude = self.coordinates(row["area"], None, 300)
        organization = Organization(
            kind=row["kind"],
            name=row["name"],
            name_en=row["name_en"],
            normalized_name=normalize_company_name(row["name"]),
            description=row["description"],
            description_en=row["description_en"],
            is_demo=True,
        )
        site = Site(
            organization=organization,
            name="",
            address=row["address"],
            district=row["district"],
            latitude=latitude,
            longitude=longitude,
            is_primary=True,
        )
        return PlannedOrganization(organization=organization, site=site, tag=row["key"])
