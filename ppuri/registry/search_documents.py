"""Companies as search documents (registered with the search app in RegistryConfig.ready)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ppuri.reference.models import Certification, Complex, Material, Process, Sector, Technology
from ppuri.registry.models import (
    Capability,
    Organization,
    OrganizationCertification,
    OrganizationTechnology,
    Site,
)
from ppuri.search.analysis import Concept
from ppuri.search.documents import Document, DocumentSource


def _companies(ids: list[str] | None) -> Iterator[Organization]:
    qs = Organization.objects.filter(kind=Organization.Kind.COMPANY).prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("complex")),
        Prefetch(
            "capabilities",
            queryset=Capability.objects.select_related("process__technology").prefetch_related("materials"),
        ),
        Prefetch(
            "certifications", queryset=OrganizationCertification.objects.select_related("certification")
        ),
        Prefetch("technologies", queryset=OrganizationTechnology.objects.select_related("technology")),
        "sectors",
    )
    if ids is not None:
        qs = qs.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return qs.order_by("pk").iterator(chunk_size=500)


@dataclass(slots=True)
class CompanyFacts:
    """What a company's search document is made of. Reference rows (processes, materials, complexes
    …) are shared instances: an import builds the facts of 170,000 new companies from what it just
    wrote (registry.importing.writing), the index's own build from the database (company_facts)."""

    pk: int
    name: str
    name_en: str
    products: str
    description: str
    description_en: str
    raw_materials: str
    is_public: bool
    is_root_industry: bool
    capabilities: list[tuple[Process, str, list[Material]]]  # (process, equipment, materials) in order
    technologies: list[Technology]  # held without a process
    complexes: list[Complex]  # of its sites, primary first
    addresses: list[str]
    certifications: list[Certification]
    sectors: list[Sector]


def company_facts(organization: Organization) -> CompanyFacts:
    """The facts of an organization read with _companies' prefetches."""
    sites = list(organization.sites.all())
    return CompanyFacts(
        pk=organization.pk,
        name=organization.name,
        name_en=organization.name_en,
        products=organization.products,
        description=organization.description,
        description_en=organization.description_en,
        raw_materials=organization.raw_materials,
        is_public=organization.is_public,
        is_root_industry=organization.is_root_industry,
        capabilities=[
            (held.process, held.equipment, list(held.materials.all()))
            for held in organization.capabilities.all()
        ],
        technologies=[held.technology for held in organization.technologies.all()],
        complexes=[site.complex for site in sites if site.complex],
        addresses=[site.address for site in sites],
        certifications=[held.certification for held in organization.certifications.all()],
        sectors=list(organization.sectors.all()),
    )


def company_document(organization: Organization) -> Document:
    return company_document_of(company_facts(organization), url=organization.get_absolute_url())


def company_document_of(company: CompanyFacts, *, url: str) -> Document:
    technologies = {process.technology for process, _equipment, _materials in company.capabilities} | set(
        company.technologies
    )
    materials = {m for _process, _equipment, held in company.capabilities for m in held}
    processes = [process for process, _equipment, _materials in company.capabilities]
    complexes = company.complexes
    body = "\n".join(
        filter(
            None,
            [
                company.products,
                company.description,
                company.description_en,
                company.raw_materials,
                " ".join(f"{p.name_ko} {p.name_en} {equipment}" for p, equipment, _m in company.capabilities),
                " ".join(f"{m.name_ko} {m.name_en}" for m in materials),
                " ".join(f"{t.name_ko} {t.name_en}" for t in technologies),
                " ".join(f"{c.name_ko} {c.name_en}" for c in company.certifications),
                " ".join(f"{c.short_name_ko} {c.name_ko} {c.short_name_en}" for c in complexes),
                " ".join(company.addresses),
            ],
        )
    )
    # What the company surely does weighs as much as its name: its registered processes, their
    # technologies and materials.
    concepts = [Concept("process", p.slug).term for p in processes]
    concepts += [Concept("technology", t.slug).term for t in technologies]
    concepts += [Concept("material", m.slug).term for m in materials]
    return Document(
        doc_type="company",
        object_id=str(company.pk),
        title=" ".join(filter(None, [company.name, company.name_en])),
        body=body,
        url=url,
        is_public=company.is_public,
        concepts=concepts,
        names=[company.name, company.name_en],
        facets={
            "complex": [c.slug for c in complexes] or ["none"],
            "technology": sorted(t.slug for t in technologies),
            "process": sorted(p.slug for p in processes),
            "material": sorted(m.slug for m in materials),
            "certification": sorted(c.slug for c in company.certifications),
            "sector": sorted(s.slug for s in company.sectors),
            # Search shows root-industry companies unless asked otherwise (search.selectors).
            "root_industry": ["true" if company.is_root_industry else "false"],
        },
    )


def build_companies(ids: list[str] | None) -> Iterator[Document]:
    for organization in _companies(ids):
        yield company_document(organization)


COMPANIES = DocumentSource(
    doc_type="company",
    label=_("기업"),
    build=build_companies,
    count=lambda: Organization.objects.filter(kind=Organization.Kind.COMPANY).count(),
)
