"""Companies as search documents (registered with the search app in RegistryConfig.ready)."""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

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


def company_document(organization: Organization) -> Document:
    capabilities = list(organization.capabilities.all())
    technologies = {c.process.technology for c in capabilities} | {
        t.technology for t in organization.technologies.all()
    }
    materials = {m for c in capabilities for m in c.materials.all()}
    complexes = [s.complex for s in organization.sites.all() if s.complex]
    certifications = [held.certification for held in organization.certifications.all()]
    sectors = list(organization.sectors.all())
    body = "\n".join(
        filter(
            None,
            [
                organization.products,
                organization.description,
                organization.description_en,
                organization.raw_materials,
                " ".join(f"{c.process.name_ko} {c.process.name_en} {c.equipment}" for c in capabilities),
                " ".join(f"{m.name_ko} {m.name_en}" for m in materials),
                " ".join(f"{t.name_ko} {t.name_en}" for t in technologies),
                " ".join(f"{c.name_ko} {c.name_en}" for c in certifications),
                " ".join(f"{c.short_name_ko} {c.name_ko} {c.short_name_en}" for c in complexes),
                " ".join(s.address for s in organization.sites.all()),
            ],
        )
    )
    # What the company surely does weighs as much as its name: its registered processes, their
    # technologies and materials.
    concepts = [Concept("process", c.process.slug).term for c in capabilities]
    concepts += [Concept("technology", t.slug).term for t in technologies]
    concepts += [Concept("material", m.slug).term for m in materials]
    return Document(
        doc_type="company",
        object_id=str(organization.pk),
        title=" ".join(filter(None, [organization.name, organization.name_en])),
        body=body,
        url=organization.get_absolute_url(),
        is_public=organization.is_public,
        concepts=concepts,
        names=[organization.name, organization.name_en],
        facets={
            "complex": [c.slug for c in complexes] or ["none"],
            "technology": sorted(t.slug for t in technologies),
            "process": sorted(c.process.slug for c in capabilities),
            "material": sorted(m.slug for m in materials),
            "certification": sorted(c.slug for c in certifications),
            "sector": sorted(s.slug for s in sectors),
            # Search shows root-industry companies unless asked otherwise (search.selectors).
            "root_industry": ["true" if organization.is_root_industry else "false"],
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
