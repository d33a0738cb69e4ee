"""Demo data: a deterministic, realistic but invented Incheon for `ppuri demo` and for trials.

`demo_load(seed=…)` fills an empty database once: ~2,400 root companies in the four complexes and
around them, the institutions of the 2019 cooperation agreement, robotics start-ups in 청라 and
bio-health companies in 송도 as buyers, and one account per role; then the sourcing round
(demo/sourcing.py) and the limit-technology desk's 180 experts and cases (demo/challenges.py). Every
organization is marked `is_demo`. Everything random comes from `random.Random(seed)` and every date is
relative to REFERENCE_DATE, so the same seed gives the same data on any day and any machine; the
sourcing requests and the desk's cases count their days from the day of loading instead (the services
refuse deadlines in the past and stamp what they write with the current time).

The data files under demo/data/ say what is real (roads, institutions, shares) and what is not.
"""

import math
import random
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models import Count

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Expert
from ppuri.core.activity import activity_log
from ppuri.core.db import planner_statistics_refresh
from ppuri.core.notifications import without_email
from ppuri.core.text import normalize_company_name
from ppuri.demo import challenges, sourcing
from ppuri.reference.models import Certification, Complex, Confidence, KsicCode, Process, Sector
from ppuri.registry.context_processors import DEMO_FLAG_CACHE_KEY
from ppuri.registry.models import Capability, Membership, Organization, OrganizationCertification, Site
from ppuri.search.services import index_refresh
from ppuri.sourcing.models import SourcingRequest

DATA_DIR = Path(__file__).resolve().parent / "data"

DEMO_PASSWORD = "ppuri-demo-2026"  # noqa: S105 - documented demo password, for demo accounts only
# "Today" for the demo: certificates, registrations and verifications are dated relative to it.
REFERENCE_DATE = date(2026, 11, 1)
_SEOUL = ZoneInfo("Asia/Seoul")

# Latest company counts per complex (domain-facts §3.1): 남동 8,034 (2024-09), 주안 1,163 (2021-07),
# 부평 1,490 (2021-07), 서부 ~400 (undated). The demo keeps their proportions.
COMPLEX_COMPANY_COUNTS = {"namdong": 8034, "juan": 1163, "bupyeong": 1490, "seobu": 400}
ROOT_COMPANIES_IN_COMPLEXES = 2200
OUTSIDE_SHARE = 0.08  # individual sites outside the complexes, as a share of the complex companies
ROBOTICS_STARTUPS = 25
BIO_HEALTH_COMPANIES = 20

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
_JUAN_SEO_SHARE = 0.4  # 주안 spans 미추홀구 (5단지) and 서구 가좌동 (6단지)
_JITTER_M = 700


class DemoRefusedError(Exception):
    pass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organization: str
    membership: str


@dataclass
class DemoSummary:
    created: bool
    message: str
    root_companies: int
    by_complex: dict[str, int]
    outside_complexes: int
    technology_companies: int
    institutions: int
    sites: int
    capabilities: int
    certifications: int
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    sourcing_requests: dict[str, int] = field(default_factory=dict)  # status → count
    supplier_accounts: list[str] = field(default_factory=list)  # of the sourcing demo's suppliers
    experts: int = 0
    expert_accounts: list[str] = field(default_factory=list)  # besides `expert`, of the desk's demo
    challenges: dict[str, int] = field(default_factory=dict)  # status → count


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


# --- data files -----------------------------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class _Reference:
    processes: dict[str, Process]
    process_materials: dict[str, list[tuple[str, int]]]  # slug -> [(material slug, id)] in order
    sectors: dict[str, int]
    certifications: dict[str, Certification]
    complexes: dict[str, Complex]
    high_ksic: dict[str, str]  # code -> Korean name, High-confidence process rows of Rev. 11
    ksic_names: dict[str, str]  # every code of Rev. 11


def _reference() -> _Reference:
    processes = {
        p.slug: p for p in Process.objects.select_related("technology").prefetch_related("materials")
    }
    process_materials = {
        slug: sorted(((m.slug, m.pk) for m in p.materials.all()), key=lambda pair: pair[0])
        for slug, p in processes.items()
    }
    ksic_rows = list(KsicCode.objects.filter(revision=11))
    return _Reference(
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


def _check_data(ref: _Reference) -> None:
    """Fail loudly when the demo files name something the reference data does not have."""
    profiles = _data("profiles.toml")
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


# --- small random helpers -------------------------------------------------------------------------


def _pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _sample_weighted(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        key = _pick_weighted(rng, pool)
        chosen.append(key)
        del pool[key]
    return chosen


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    whole = sum(weights.values())
    exact = {key: total * value / whole for key, value in weights.items()}
    counts = {key: math.floor(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _jitter(rng: random.Random, latitude: float, longitude: float, radius_m: float) -> tuple[float, float]:
    distance = radius_m * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(angle) / 111_320
    dlon = distance * math.sin(angle) / (111_320 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 6), round(longitude + dlon, 6)


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


# --- the generator --------------------------------------------------------------------------------


class _Generator:
    def __init__(self, *, seed: int, ref: _Reference) -> None:
        self.rng = random.Random(seed)
        self.ref = ref
        self.profiles = _data("profiles.toml")
        self.names = _data("names.toml")
        self.areas = {area["key"]: area for area in _data("streets.toml")["area"]}
        self.used_names: set[str] = set()
        self.used_addresses: set[str] = set()
        self.factory_serials: Counter[str] = Counter()
        self.phones: set[str] = set()

    # names ---------------------------------------------------------------------------------------

    def _claim(self, name: str) -> bool:
        """Reserve a name unless a demo organization already has it, however it is spelled."""
        key = normalize_company_name(name)
        if key in self.used_names:
            return False
        self.used_names.add(key)
        return True

    def _legal_form(self, core: str, english: str) -> tuple[str, str]:
        forms = {pattern: float(weight) for pattern, weight in self.names["legal_forms"]}
        pattern = _pick_weighted(self.rng, forms)
        incorporated = pattern != "{}" and "(유)" not in pattern
        return pattern.format(core), (f"{english} Co., Ltd." if incorporated else english)

    def company_name(self, words: list[list[str]]) -> tuple[str, str]:
        stems = self.names["stems"]
        general = self.names["general_words"]
        for _attempt in range(60):
            stem, stem_en = self.rng.choice(stems)
            word, word_en = self.rng.choice(words)
            shape = self.rng.random()
            if shape < 0.55:
                core, english = f"{stem}{word}", f"{stem_en} {word_en}"
            elif shape < 0.85 and word not in self.names["final_words"]:
                extra, extra_en = self.rng.choice(self.names["suffix_words"])
                core, english = f"{stem}{word}{extra}", f"{stem_en} {word_en} {extra_en}"
            else:
                extra, extra_en = self.rng.choice(general)
                core, english = f"{stem}{extra}", f"{stem_en} {extra_en}"
            if self._claim(core):
                return self._legal_form(core, english)
        # Crowded: put a second stem in front (no numbers in company names).
        while True:
            (first, first_en), (second, second_en) = self.rng.sample(stems, 2)
            word, word_en = self.rng.choice(words)
            core = f"{first}{second}{word}"
            if self._claim(core):
                return self._legal_form(core, f"{first_en}{second_en.lower()} {word_en}")

    # places --------------------------------------------------------------------------------------

    def address(self, area_key: str) -> str:
        area = self.areas[area_key]
        while True:
            road = self.rng.choice(area["roads"])
            if self.rng.random() < 0.45:
                branch = self.rng.randrange(10, 320, 2) + self.rng.choice([0, 1])
                number = self.rng.randint(1, 90)
                address = f"인천광역시 {area['district']} {road}{branch}번길 {number}"
            else:
                number = int(self.rng.triangular(1, 420, 120))
                address = f"인천광역시 {area['district']} {road} {number}"
            if address not in self.used_addresses:
                self.used_addresses.add(address)
                return address

    def coordinates(self, area_key: str, complex_: Complex | None, radius_m: float) -> tuple[float, float]:
        if complex_ is not None and complex_.latitude is not None and complex_.longitude is not None:
            return _jitter(self.rng, complex_.latitude, complex_.longitude, radius_m)
        area = self.areas[area_key]
        return _jitter(self.rng, area["latitude"], area["longitude"], radius_m)

    def phone(self) -> str:
        # The 555 exchange of the sample files: plausible-looking, unlikely to reach a real firm.
        while True:
            phone = f"032-555-{self.rng.randint(1000, 9999)}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def factory_number(self, area_key: str, year: int) -> str:
        """14 digits like the 공장관리번호 of KICOX files: district code, registration year, serial."""
        head = f"{self.areas[area_key]['code']}{year}"
        self.factory_serials[head] += 1
        # Serials start at 10001, clear of the sample files' 00001–00006.
        return f"{head}{10000 + self.factory_serials[head]:05d}"

    # companies -----------------------------------------------------------------------------------

    def employees(self, size_factor: float) -> int:
        weights = {
            str(index): weight * size_factor**index for index, (_, _, weight) in enumerate(_EMPLOYEE_BANDS)
        }
        low, high, _ = _EMPLOYEE_BANDS[int(_pick_weighted(self.rng, weights))]
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
        return _pick_weighted(self.rng, weights)

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
                batch_band=_pick_weighted(rng, batch),
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
                if self._claim(f"{stem[0]}{word}")
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
        self._claim(row["name"])
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


def demo_plan(*, seed: int) -> list[PlannedOrganization]:
    """The demo organizations for a seed, unsaved: institutions, root companies, then buyers."""
    ref = _reference()
    _check_data(ref)
    generator = _Generator(seed=seed, ref=ref)
    for name in sourcing.supplier_names():  # written by hand (demo/sourcing.py): never generated
        generator._claim(name)
    plan = [generator.institution(row) for row in _data("institutions.toml")["institution"]]

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
        slots.append(("", _pick_weighted(generator.rng, outside_areas)))
    generator.rng.shuffle(slots)
    plan += [generator.root_company(complex_slug=slug, area_key=area) for slug, area in slots]

    plan += generator.technology_companies(sector="robotics", area_key="cheongna", count=ROBOTICS_STARTUPS)
    plan += generator.technology_companies(sector="bio-health", area_key="songdo", count=BIO_HEALTH_COMPANIES)
    return plan


# --- writing --------------------------------------------------------------------------------------


def _first(
    plan: list[PlannedOrganization], *, complex_slug: str, process: str, sector: str
) -> PlannedOrganization:
    """The company a demo account works for: preferably one that serves the sector of the demo
    story (a robot-housing die caster for flow 2, an automotive heat treater for flow 4) and is not
    a one-person shop."""
    candidates = [p for p in plan if p.complex_slug == complex_slug and p.primary_process == process]
    if not candidates:
        raise ValueError(f"the demo plan has no {process} company in {complex_slug}")
    for planned in candidates:
        if sector in planned.sector_slugs and (planned.organization.employees or 0) >= 10:
            return planned
    return candidates[0]


def _accounts(plan: list[PlannedOrganization]) -> list[tuple[str, str, str, PlannedOrganization | None, str]]:
    """(username, role, display name, organization, membership role) of the demo accounts."""
    by_tag = {
        planned.tag: planned for planned in plan if planned.organization.kind != Organization.Kind.COMPANY
    }
    die_caster = _first(plan, complex_slug="namdong", process="casting.die-casting", sector="robotics")
    heat_treater = _first(
        plan, complex_slug="namdong", process="heat-treatment.carburizing", sector="automotive"
    )
    robotics = next(planned for planned in plan if planned.tag == "robotics")
    bio_health = next(planned for planned in plan if planned.tag == "bio-health")
    admin, member = Membership.Role.ADMIN, Membership.Role.MEMBER
    return [
        ("operator", Role.OPERATOR, "운영자 (데모)", by_tag["technopark"], admin),
        ("city", Role.CITY, "인천시 담당자 (데모)", by_tag["city"], member),
        ("labor", Role.LABOR_OFFICE, "고용노동청 담당자 (데모)", by_tag["labor"], member),
        ("supplier", Role.COMPANY, "다이캐스팅 기업 관리자 (데모)", die_caster, admin),
        ("supplier2", Role.COMPANY, "열처리 기업 직원 (데모)", heat_treater, member),
        ("buyer", Role.COMPANY, "로봇 스타트업 관리자 (데모)", robotics, admin),
        ("buyer2", Role.COMPANY, "바이오헬스 기업 관리자 (데모)", bio_health, admin),
        ("expert", Role.EXPERT, "포스코 기술연구원 전문가 (데모)", by_tag["posco"], member),
        ("university", Role.UNIVERSITY, "제조혁신전문대학원 담당자 (데모)", by_tag["inha"], member),
        ("seeker", Role.SEEKER, "구직자 (데모)", None, ""),
    ]


def _write_accounts(plan: list[PlannedOrganization]) -> User | None:
    specs = _accounts(plan)
    existing = set(
        User.objects.filter(username__in=[spec[0] for spec in specs]).values_list("username", flat=True)
    )
    # One PBKDF2 hash for all demo accounts: hashing is deliberately slow, and they share one
    # documented password anyway.
    password = make_password(DEMO_PASSWORD)
    users = []
    for username, role, display_name, _, _ in specs:
        if username in existing:
            continue  # never take over an account someone made by hand
        users.append(
            User(
                username=username,
                role=role,
                display_name=display_name,
                email=f"{username}@ppuri.example",
                password=password,
                is_staff=role == Role.OPERATOR,
            )
        )
    created = {user.username: user for user in User.objects.bulk_create(users)}
    Membership.objects.bulk_create(
        [
            Membership(user=created[username], organization=planned.organization, role=membership)
            for username, _, _, planned, membership in specs
            if username in created and planned is not None
        ]
    )
    return created.get("operator")


def _write(plan: list[PlannedOrganization]) -> User | None:
    """Write the plan; returns the operator account (None when one existed already)."""
    Organization.objects.bulk_create([planned.organization for planned in plan], batch_size=500)
    Site.objects.bulk_create([planned.site for planned in plan], batch_size=500)
    operator = _write_accounts(plan)

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
    return operator


def demo_summary(*, created: bool, message: str) -> DemoSummary:
    """Counts of the demo data in the database, and the demo accounts."""
    demo = Organization.objects.filter(is_demo=True)
    root = demo.filter(kind=Organization.Kind.COMPANY, capabilities__isnull=False).distinct()
    by_complex: dict[str, int] = {
        slug: Site.objects.filter(organization__in=root, is_primary=True, complex__slug=slug).count()
        for slug in COMPLEX_COMPANY_COUNTS
    }
    root_count = root.count()
    accounts = []
    usernames = [
        "operator",
        "city",
        "labor",
        "supplier",
        "supplier2",
        "buyer",
        "buyer2",
        "expert",
        "university",
        "seeker",
    ]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user__in=users.values()).select_related("organization")
    }
    for username in usernames:
        if username not in users:
            continue
        user = users[username]
        membership = memberships.get(user.pk)
        accounts.append(
            DemoAccount(
                username=username,
                role=user.role,
                organization=membership.organization.name if membership else "",
                membership=membership.role if membership else "",
            )
        )
    return DemoSummary(
        created=created,
        message=message,
        root_companies=root_count,
        by_complex=by_complex,
        outside_complexes=root_count - sum(by_complex.values()),
        technology_companies=demo.filter(kind=Organization.Kind.COMPANY, capabilities__isnull=True).count(),
        institutions=demo.exclude(kind=Organization.Kind.COMPANY).count(),
        sites=Site.objects.filter(organization__is_demo=True).count(),
        capabilities=Capability.objects.filter(organization__is_demo=True).count(),
        certifications=OrganizationCertification.objects.filter(organization__is_demo=True).count(),
        accounts=accounts,
        sourcing_requests=dict(
            SourcingRequest.objects.filter(buyer__is_demo=True)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by("status")
        ),
        supplier_accounts=_supplier_accounts(),
        experts=Expert.objects.filter(organization__is_demo=True).count(),
        expert_accounts=list(
            Expert.objects.filter(organization__is_demo=True, user__isnull=False)
            .exclude(user__username__in=usernames)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        ),
        challenges=challenges.challenge_counts(),
    )


def _supplier_accounts() -> list[str]:
    names = sourcing.supplier_accounts()
    present = set(
        User.objects.filter(username__in=names, memberships__organization__is_demo=True).values_list(
            "username", flat=True
        )
    )
    return [name for name in names if name in present]


def demo_load(*, seed: int) -> DemoSummary:
    """Load the demo data once; a second call changes nothing and says so. Refuses a production
    database and one that already holds real organizations: demo rows must never mix with them."""
    # The sourcing story notifies its people as it goes; nobody reads a demo's mail, so in the app only.
    with without_email():
        return _load(seed=seed)


@transaction.atomic
def _load(*, seed: int) -> DemoSummary:
    if settings.PRODUCTION:
        raise DemoRefusedError(
            "운영(production) 모드에서는 데모 데이터를 넣지 않습니다. / "
            "Refusing demo data in production mode."
        )
    if Organization.objects.filter(is_demo=False).exists():
        raise DemoRefusedError(
            "실제 기관·기업이 있는 데이터베이스에는 데모 데이터를 넣지 않습니다. / "
            "Refusing demo data: this database already holds real organizations."
        )
    if Organization.objects.filter(is_demo=True).exists():
        return demo_summary(
            created=False, message="데모 데이터가 이미 있습니다. / Demo data is already loaded."
        )
    plan = demo_plan(seed=seed)
    operator = _write(plan)
    suppliers = sourcing.suppliers_write(operator=operator, password=DEMO_PASSWORD)
    account_companies = {
        username: planned.organization for username, _, _, planned, _ in _accounts(plan) if planned
    }
    sourcing.requests_create(suppliers=suppliers, account_companies=account_companies)
    companies = {**suppliers, **{f"@{name}": company for name, company in account_companies.items()}}
    experts = challenges.experts_write(
        seed=seed,
        institutions={
            p.tag: p.organization for p in plan if p.organization.kind != Organization.Kind.COMPANY
        },
        companies=companies,
        password=DEMO_PASSWORD,
    )
    if operator is not None:  # an operator made by hand before the demo: nobody routes the demo's cases
        challenges.challenges_create(operator=operator, experts=experts, companies=companies)
    technopark = next(planned.organization for planned in plan if planned.tag == "technopark")
    summary = demo_summary(
        created=True, message=f"데모 데이터를 불러왔습니다 (seed {seed}). / Demo data loaded (seed {seed})."
    )
    activity_log(
        actor=None,
        verb="demo.data.loaded",
        target=technopark,
        summary=f"데모 데이터 적재: 뿌리기업 {summary.root_companies}곳 (seed {seed})",
        data={"seed": seed, "root_companies": summary.root_companies, "by_complex": summary.by_complex},
    )
    index_refresh(
        doc_type="company", object_ids=Organization.objects.filter(is_demo=True).values_list("pk", flat=True)
    )
    planner_statistics_refresh()
    transaction.on_commit(lambda: django_cache.delete(DEMO_FLAG_CACHE_KEY))
    return summary
