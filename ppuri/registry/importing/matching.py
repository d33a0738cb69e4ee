"""Which registered factory a row of a factory file is, read from the registry once per import.

The registry is held as light rows (KnownCompany, KnownSite), not model instances: a national import
compares 217,048 rows against as many sites, and model instances of them took gigabytes. Companies and
sites the import plans to add join the same index, so a later row of the file matches them as it would
match a stored one. Matching, in order (services.py says why):

1. the same 공장관리번호 is the same site;
2. the same normalized company name with a site at the same normalized address is the same company;
3. a company of the same name elsewhere, or a similar name at the same address, is a near-duplicate;
4. anything else is a new company.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.registry.importing.records import FactoryRecord
from ppuri.registry.models import Capability, Organization, OrganizationTechnology, Site

SIMILAR_NAME_RATIO = 0.8  # names this close at the same address are probably one company
# What the import compares and may update of an organization, besides its name.
COMPANY_FIELDS = ("ksic_main", "size", "employees", "products", "raw_materials", "phone")
_PARENTHESES = re.compile(r"\([^)]*\)")
_NONE: frozenset[str] = frozenset()
_normalized_name = lru_cache(maxsize=16_384)(normalize_company_name)


@lru_cache(maxsize=16_384)  # one row asks for its address's key three or four times
def address_key(address: str) -> str:
    """One key however the address is written: "인천 남동구 …" = "인천광역시 남동구 … (고잔동)"."""
    text = _PARENTHESES.sub("", clean_spaces(address))
    text = re.sub(r"^인천(광역시)?\s*", "인천 ", text)
    return text.replace(" ", "").casefold()


def record_key(record: FactoryRecord) -> str:
    """What an operator's decision on a near-duplicate is remembered by."""
    return record_key_of({"factory_number": record.factory_number, **_name_and_address(record)})


def record_key_of(data: dict[str, Any]) -> str:
    if data.get("factory_number"):
        return f"no:{data['factory_number']}"
    name = _normalized_name(data.get("company_name", ""))
    return f"na:{name}|{address_key(data.get('address', ''))}"


def _name_and_address(record: FactoryRecord) -> dict[str, str]:
    return {"company_name": record.company_name, "address": record.address}


@dataclass(slots=True, eq=False)
class KnownCompany:
    """An organization in the registry, or one this import adds (pk None until it is written)."""

    pk: int | None
    name: str
    normalized_name: str
    fields: tuple[Any, ...]  # the values of COMPANY_FIELDS in order (a dict: 60 MB more in a national file)
    # Shared empty sets until the company holds something: 200,000 sets of nothing weigh 130 MB.
    processes: set[str] | frozenset[str] = _NONE
    technologies: set[str] | frozenset[str] = _NONE
    changed: set[str] | frozenset[str] = _NONE  # fields an existing company's update changes

    @property
    def values(self) -> dict[str, Any]:
        return dict(zip(COMPANY_FIELDS, self.fields, strict=True))

    def value(self, name: str) -> Any:
        return self.fields[COMPANY_FIELDS.index(name)]

    def update(self, changed: dict[str, Any]) -> None:
        values = self.values | changed
        self.fields = tuple(values[name] for name in COMPANY_FIELDS)

    def add_process(self, slug: str) -> None:
        if not isinstance(self.processes, set):
            self.processes = set(self.processes)
        self.processes.add(slug)

    def add_technology(self, slug: str) -> None:
        if not isinstance(self.technologies, set):
            self.technologies = set(self.technologies)
        self.technologies.add(slug)

    @property
    def written_pk(self) -> int:
        assert self.pk is not None, "a planned company is read only once written"
        return self.pk


@dataclass(slots=True, eq=False)
class KnownSite:
    pk: int | None
    company: KnownCompany
    factory_number: str | None
    address: str
    district: str
    complex_id: int | None
    ksic_codes: list[str]
    is_primary: bool
    changed: set[str] | frozenset[str] = _NONE
    key: str = ""  # address_key(address), kept in step by move()

    @property
    def written_pk(self) -> int:
        assert self.pk is not None, "a planned site is read only once written"
        return self.pk

    def __post_init__(self) -> None:
        self.key = address_key(self.address)

    def move(self, address: str) -> None:
        self.address = address
        self.key = address_key(address)


class RegistryIndex:
    """The registry as matching needs it: one query per table, not one per row."""

    def __init__(self) -> None:
        self.site_by_number: dict[str, KnownSite] = {}
        self.sites_by_name: dict[str, list[KnownSite]] = defaultdict(list)
        self.sites_by_address: dict[str, list[KnownSite]] = defaultdict(list)
        self.companies: dict[int, KnownCompany] = {}
        # In the order the per-row import read them (Site's own ordering), as near-duplicate
        # candidates are taken first come.
        rows = Site.objects.order_by("-is_primary", "id").values_list(
            "pk", "organization_id", "factory_number", "address", "district", "complex_id", "ksic_codes",
            "is_primary",
        )  # fmt: skip
        sites = list(rows)
        company_ids = {row[1] for row in sites}
        for pk, name, normalized_name, *values in Organization.objects.filter(pk__in=company_ids).values_list(
            "pk", "name", "normalized_name", *COMPANY_FIELDS
        ):
            self.companies[pk] = KnownCompany(pk, name, normalized_name, tuple(values))
        for pk, organization_id, number, address, district, complex_id, codes, is_primary in sites:
            self.remember(
                KnownSite(
                    pk, self.companies[organization_id], number or None, address, district, complex_id,
                    codes or [], is_primary,
                )
            )  # fmt: skip
        for organization_id, slug in Capability.objects.order_by().values_list(
            "organization_id", "process__slug"
        ):
            if organization_id in self.companies:
                self.companies[organization_id].add_process(slug)
        for organization_id, slug in OrganizationTechnology.objects.order_by().values_list(
            "organization_id", "technology__slug"
        ):
            if organization_id in self.companies:
                self.companies[organization_id].add_technology(slug)

    def company(self, organization: Organization) -> KnownCompany:
        """An organization without a site yet is known by itself."""
        known = self.companies.get(organization.pk)
        if known is None:
            values = tuple(getattr(organization, name) for name in COMPANY_FIELDS)
            known = KnownCompany(organization.pk, organization.name, organization.normalized_name, values)
            known.processes = set(
                Capability.objects.filter(organization=organization).values_list("process__slug", flat=True)
            )
            known.technologies = set(
                OrganizationTechnology.objects.filter(organization=organization).values_list(
                    "technology__slug", flat=True
                )
            )
            self.companies[organization.pk] = known
        return known

    def remember(self, site: KnownSite) -> None:
        """A site, or a site whose address or number just changed (its old keys stay, as they did)."""
        if site.factory_number:
            self.site_by_number[site.factory_number] = site
        self.sites_by_name[site.company.normalized_name].append(site)
        self.sites_by_address[site.key].append(site)

    def match(self, record: FactoryRecord) -> KnownSite | None:
        """The same 공장관리번호; else the same company name and address on a site without a number
        (one from a 5-column file or typed in by hand). A site with another number is another factory."""
        if record.factory_number:
            site = self.site_by_number.get(record.factory_number)
            if site is not None:
                return site
        same = self.same_name_and_address(record)
        for site in same:
            if not site.factory_number:
                return site
        if not record.factory_number:
            return next(iter(same), None)
        return None

    def same_name_and_address(self, record: FactoryRecord) -> list[KnownSite]:
        address = address_key(record.address)
        return [
            site
            for site in self.sites_by_name.get(_normalized_name(record.company_name), [])
            if site.key == address
        ]

    def near_duplicate(self, record: FactoryRecord) -> tuple[KnownCompany | None, str]:
        name = _normalized_name(record.company_name)
        # Any district: a company that moved or opened a second factory across town is as common as
        # two companies sharing a name, and only an operator can tell them apart (docs/import.md). The
        # same district is named first, being the likelier to be the same company.
        same_name = sorted(
            self.sites_by_name.get(name, []),
            key=lambda site: not (record.district and site.district == record.district),
        )
        if same_name:
            other = same_name[0]
            if record.district and other.district and other.district != record.district:
                return other.company, _(
                    "같은 이름의 기업이 다른 시군구(%(district)s, %(address)s)에 있습니다. "
                    "이전했거나 두 번째 공장일 수도, 이름만 같은 다른 기업일 수도 있습니다."
                ) % {"district": other.district, "address": other.address}
            return other.company, _(
                "같은 이름의 기업이 다른 주소(%(address)s)에 있습니다. 이전했거나 두 번째 공장일 수 있습니다."
            ) % {"address": other.address}
        for site in self.sites_by_address.get(address_key(record.address), []):
            if _similar(name, site.company.normalized_name):
                return site.company, _("같은 주소에 이름이 비슷한 기업(%(name)s)이 있습니다.") % {
                    "name": site.company.name
                }
        return None, ""


def _similar(name: str, other: str) -> bool:
    """SequenceMatcher's ratio at least SIMILAR_NAME_RATIO, its cheap upper bounds asked first (the
    lengths, then the letters in common): the same answer, without the full comparison for most
    pairs of names at a busy address."""
    total = len(name) + len(other)
    if total and 2.0 * min(len(name), len(other)) / total < SIMILAR_NAME_RATIO:  # real_quick_ratio()
        return False
    matcher = SequenceMatcher(None, name, other)
    return matcher.quick_ratio() >= SIMILAR_NAME_RATIO and matcher.ratio() >= SIMILAR_NAME_RATIO
