"""A new company as an import plans it: its sites, capabilities and technologies, and what is made of
them before anything is read back — the facts its root-industry mark is computed from and its search
document. Lists are in the order the database would give them (Site's, Capability's, Material's
ordering), so that both come out as organizations_root_industry_refresh and the index's own build
would make them (tests/importing/test_bulk_equivalence.py)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse

from ppuri.reference.models import Complex, Material, Process, Technology
from ppuri.registry.importing.matching import KnownCompany, KnownSite
from ppuri.registry.models import Capability
from ppuri.registry.root_industry import Facts
from ppuri.registry.search_documents import CompanyFacts, company_document_of
from ppuri.search.documents import Document


@dataclass(slots=True, eq=False)
class PlannedCapability:
    company: KnownCompany
    site: KnownSite
    process: str
    materials: list[str]
    reason: str
    pk: int | None = None


@dataclass(slots=True, eq=False)
class PlannedTechnology:
    company: KnownCompany
    technology: str
    reason: str


@dataclass(slots=True, eq=False)
class NewCompany:
    """A new company's planned sites, capabilities and technologies, in the order they were planned."""

    sites: list[KnownSite] = field(default_factory=list)
    capabilities: list[PlannedCapability] = field(default_factory=list)
    technologies: list[PlannedTechnology] = field(default_factory=list)

    @property
    def sites_in_order(self) -> list[KnownSite]:
        return sorted(self.sites, key=lambda site: not site.is_primary)  # stable: then in planned order


def new_companies(
    companies: Iterable[KnownCompany],
    sites: Iterable[KnownSite],
    capabilities: Iterable[PlannedCapability],
    technologies: Iterable[PlannedTechnology],
) -> dict[KnownCompany, NewCompany]:
    """What was planned for each of these companies (the plan holds existing companies' rows too)."""
    planned: dict[KnownCompany, NewCompany] = {company: NewCompany() for company in companies}
    for site in sites:
        if site.company in planned:
            planned[site.company].sites.append(site)
    for capability in capabilities:
        if capability.company in planned:
            planned[capability.company].capabilities.append(capability)
    for technology in technologies:
        if technology.company in planned:
            planned[technology.company].technologies.append(technology)
    return planned


def mark_facts(company: KnownCompany, planned: NewCompany) -> Facts:
    """대표업종 then the sites' codes, primary site first; capabilities and technologies in order."""
    return Facts(
        ksic_codes=[
            company.value("ksic_main"),
            *(str(code) for site in planned.sites_in_order for code in site.ksic_codes if code),
        ],
        processes=[(p.process, Capability.Source.IMPORTED.value) for p in planned.capabilities],
        technologies=[(t.technology, Capability.Source.IMPORTED.value) for t in planned.technologies],
        products=company.value("products"),
    )


def company_documents(
    batch: list[KnownCompany],
    planned: dict[KnownCompany, NewCompany],
    marks: dict[int, bool],
    *,
    processes: dict[str, Process],
    technologies: dict[str, Technology],
    complexes: dict[int, Complex],
    materials_in_order: Callable[[list[str]], list[Material]],
) -> Iterator[Document]:
    """Search documents of new companies from what was just written, through the same
    company_document_of the index's own build uses, instead of reading 170,000 companies back."""
    # reverse() once, not 170,000 times: "/companies/0/" → "/companies/{pk}/".
    before, _zero, after = reverse("registry:company_detail", args=[0]).rpartition("/0/")
    for company in batch:
        plan = planned[company]
        sites = plan.sites_in_order
        held = sorted(
            ((processes[p.process], p.materials) for p in plan.capabilities),
            key=lambda pair: (pair[0].technology.order, pair[0].order),
        )
        yield company_document_of(
            CompanyFacts(
                pk=company.written_pk,
                name=company.name,
                name_en="",
                products=company.value("products"),
                description="",
                description_en="",
                raw_materials=company.value("raw_materials"),
                is_public=True,
                is_root_industry=marks[company.written_pk],
                capabilities=[(process, "", materials_in_order(slugs)) for process, slugs in held],
                technologies=sorted(
                    (technologies[t.technology] for t in plan.technologies), key=lambda t: t.order
                ),
                complexes=[complexes[site.complex_id] for site in sites if site.complex_id],
                addresses=[site.address for site in sites],
                certifications=[],
                sectors=[],
            ),
            url=f"{before}/{company.written_pk}/{after}",
        )
