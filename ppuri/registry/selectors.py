"""Reads of the registry, each applying the viewer's permissions (deny by default)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from ppuri.core.permissions import deny, is_operator
from ppuri.core.text import normalize_company_name
from ppuri.reference.geography import Pin, PinMap, pin_map
from ppuri.reference.models import Technology
from ppuri.reference.selectors import vocabulary_names
from ppuri.registry.models import (
    Capability,
    Contact,
    Membership,
    Organization,
    OrganizationCertification,
    OrganizationTechnology,
    Site,
)

# --- permissions ---------------------------------------------------------------------------------


def is_member(*, user: Any, organization_id: int) -> bool:
    """The one membership check: whether the user works for this organization (admin or member)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(user=user, organization_id=organization_id).exists()
    )


def company_chosen(user: Any, chosen: str | None, *, refusal: str = "") -> Organization:
    """The company a member acts for on a form (`chosen`: the pk the form posted, else their first
    company); PermissionDenied, with `refusal` to read, for someone with none."""
    companies = list(organizations_of(user).filter(kind=Organization.Kind.COMPANY))
    if not companies:
        raise PermissionDenied(refusal)
    return next((c for c in companies if str(c.pk) == chosen), companies[0])


def organizations_of(user: Any) -> QuerySet[Organization]:
    """The organizations the user works for (none for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user)


def organization_people(*, organization_id: int) -> list[Any]:
    """Everyone who works for the organization: whom a hand-over to the company notifies."""
    return [m.user for m in Membership.objects.filter(organization_id=organization_id).select_related("user")]


def organization_visible_to(*, user: Any, organization: Organization) -> bool:
    return organization.is_public or organization_member_or_operator(user=user, organization=organization)


def organization_member_or_operator(*, user: Any, organization: Organization) -> bool:
    return is_operator(user) or is_member(user=user, organization_id=organization.pk)


# --- what a viewer may see of each registry type, for lists and feeds (core.visibility) -----------


def _members_q(user: Any, prefix: str = "") -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{prefix}memberships__user": user})


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    if is_operator(user):
        return Organization.objects.all()
    return Organization.objects.filter(Q(is_public=True) | _members_q(user)).distinct()


def _of_visible_organization(model: type[Any]) -> Any:
    """Sites, capabilities and certifications are as public as their organization."""

    def visible_to(user: Any) -> QuerySet[Any]:
        return model.objects.filter(organization__in=organizations_visible_to(user).values("pk"))

    return visible_to


sites_visible_to = _of_visible_organization(Site)
capabilities_visible_to = _of_visible_organization(Capability)
certifications_held_visible_to = _of_visible_organization(OrganizationCertification)
technologies_held_visible_to = _of_visible_organization(OrganizationTechnology)


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    """Who works where is known to the organization itself and to operators."""
    if is_operator(user):
        return Membership.objects.all()
    return Membership.objects.filter(organization__in=organizations_of(user).values("pk"))


def all_contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """Across organizations: members and operators see every contact; other signed-in users the public
    ones of visible organizations; anonymous visitors none (contacts_visible_to for one organization)."""
    if is_operator(user):
        return Contact.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Contact.objects.none()
    return Contact.objects.filter(
        Q(organization__in=organizations_of(user).values("pk"))
        | Q(is_public=True, organization__in=organizations_visible_to(user).values("pk"))
    )


def organization_editable_by(*, user: Any, organization: Organization) -> bool:
    """Operators and the organization's own admins may change its profile, sites and capabilities."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_operator(user):
        return True
    return Membership.objects.filter(
        user=user, organization=organization, role=Membership.Role.ADMIN
    ).exists()


def organization_get_for_user(*, user: Any, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not organization_visible_to(user=user, organization=organization):
        deny(visible=False)
    return organization


def organization_get_for_edit(*, user: Any, pk: int) -> Organization:
    organization = organization_get_for_user(user=user, pk=pk)
    if not organization_editable_by(user=user, organization=organization):
        deny(visible=True)
    return organization


def capability_get_for_edit(*, user: Any, organization_pk: int, pk: int) -> Capability:
    organization = organization_get_for_edit(user=user, pk=organization_pk)
    return get_object_or_404(Capability, organization=organization, pk=pk)


def site_get_for_edit(*, user: Any, organization_pk: int, pk: int) -> Site:
    organization = organization_get_for_edit(user=user, pk=organization_pk)
    return get_object_or_404(Site, organization=organization, pk=pk)


def contacts_visible_to(*, user: Any, organization: Organization) -> QuerySet[Contact]:
    """Members and operators see every contact; other signed-in users the public ones; nobody else any."""
    if not getattr(user, "is_authenticated", False):
        return Contact.objects.none()
    contacts = Contact.objects.filter(organization=organization)
    if organization_member_or_operator(user=user, organization=organization):
        return contacts
    return contacts.filter(is_public=True)


def contact_get_for_user(*, user: Any, organization_pk: int, pk: int) -> Contact:
    organization = organization_get_for_user(user=user, pk=organization_pk)
    return get_object_or_404(contacts_visible_to(user=user, organization=organization), pk=pk)


def contact_get_for_edit(*, user: Any, organization_pk: int, pk: int) -> Contact:
    organization = organization_get_for_edit(user=user, pk=organization_pk)
    return get_object_or_404(Contact, organization=organization, pk=pk)


def organizations_administered_by(*, user: Any) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships with their organizations (my data, `GET /api/v1/me`)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")


def organizations_left_without_admin(*, user: Any) -> list[Organization]:
    """The organizations this user is the only active administrator of: deleting the account would
    leave them with nobody to keep the profile up to date."""
    administered = organizations_administered_by(user=user)
    others = Membership.objects.filter(
        organization__in=administered, role=Membership.Role.ADMIN, user__is_active=True
    ).exclude(user=user)
    return list(administered.exclude(pk__in=others.values("organization_id")).order_by("name"))


# --- the company directory -----------------------------------------------------------------------

FACETS = ("complex", "technology", "process", "material", "certification", "sector")
OUTSIDE_COMPLEXES = "none"  # the facet value for companies with no site in a complex (개별입지)
# Which companies the directory lists (registry.root_industry): root-industry ones unless asked.
ROOT_INDUSTRY_SCOPES = ("true", "false", "any")
ROOT_INDUSTRY_DEFAULT = "true"


def root_industry_scope(value: str | None) -> str | None:
    """The scope a request names ("true", "false" or "any", any case); None for anything else, which
    callers refuse (the API) or replace by the default with a notice (the page). No value: the default."""
    value = (value or "").strip().lower()
    if not value:
        return ROOT_INDUSTRY_DEFAULT
    return value if value in ROOT_INDUSTRY_SCOPES else None


def _in_scope(qs: QuerySet[Organization], root_industry: str) -> QuerySet[Organization]:
    if root_industry == "any":
        return qs
    return qs.filter(is_root_industry=root_industry == "true")


@dataclass
class DirectoryFilters:
    q: str = ""
    root_industry: str = ROOT_INDUSTRY_DEFAULT  # one of ROOT_INDUSTRY_SCOPES
    complex: list[str] = field(default_factory=list)
    technology: list[str] = field(default_factory=list)
    process: list[str] = field(default_factory=list)
    material: list[str] = field(default_factory=list)
    certification: list[str] = field(default_factory=list)
    sector: list[str] = field(default_factory=list)

    def selected(self, facet: str) -> list[str]:
        return list(getattr(self, facet))


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int
    selected: bool


def _filter_by_facet(qs: QuerySet[Organization], facet: str, values: list[str]) -> QuerySet[Organization]:
    """Within one facet the values are alternatives (OR); facets combine with AND."""
    if not values:
        return qs
    if facet == "complex":
        condition = Q(id__in=Site.objects.filter(complex__slug__in=values).values("organization_id"))
        if OUTSIDE_COMPLEXES in values:
            condition |= ~Q(id__in=Site.objects.filter(complex__isnull=False).values("organization_id"))
        return qs.filter(condition)
    if facet == "technology":
        return qs.filter(
            Q(
                id__in=Capability.objects.filter(process__technology__slug__in=values).values(
                    "organization_id"
                )
            )
            | Q(
                id__in=OrganizationTechnology.objects.filter(technology__slug__in=values).values(
                    "organization_id"
                )
            )
        )
    if facet == "process":
        caps = Capability.objects.filter(process__slug__in=values)
    elif facet == "material":
        caps = Capability.objects.filter(materials__slug__in=values)
    elif facet == "certification":
        return qs.filter(
            id__in=OrganizationCertification.objects.filter(certification__slug__in=values).values(
                "organization_id"
            )
        )
    elif facet == "sector":
        return qs.filter(
            id__in=Organization.sectors.through.objects.filter(sector__slug__in=values).values(
                "organization_id"
            )
        )
    else:  # pragma: no cover - FACETS is closed
        raise ValueError(facet)
    return qs.filter(id__in=caps.values("organization_id"))


def _filter_by_text(qs: QuerySet[Organization], q: str) -> QuerySet[Organization]:
    q = q.strip()
    if not q:
        return qs
    key = normalize_company_name(q)
    condition = Q(name__icontains=q) | Q(name_en__icontains=q)
    if key:
        condition |= Q(normalized_name__contains=key)
    return qs.filter(condition)


def directory_base_queryset(*, root_industry: str = ROOT_INDUSTRY_DEFAULT) -> QuerySet[Organization]:
    """The public companies, root-industry ones only unless `root_industry` says "false" or "any"."""
    return _in_scope(
        Organization.objects.filter(kind=Organization.Kind.COMPANY, is_public=True), root_industry
    )


def directory_filter(filters: DirectoryFilters, *, skip: str | None = None) -> QuerySet[Organization]:
    root_industry = "any" if skip == "root_industry" else filters.root_industry
    qs = _filter_by_text(directory_base_queryset(root_industry=root_industry), filters.q)
    for facet in FACETS:
        if facet != skip:
            qs = _filter_by_facet(qs, facet, filters.selected(facet))
    return qs


def _counts(facet: str, orgs: QuerySet[Organization]) -> dict[str, int]:
    ids = orgs.values("id")
    rows: Any
    if facet == "complex":
        rows = (
            Site.objects.filter(organization_id__in=ids, complex__isnull=False)
            .values_list("complex__slug")
            .annotate(n=Count("organization_id", distinct=True))
        )
        counts = dict(rows)
        in_complex = (
            Site.objects.filter(organization_id__in=ids, complex__isnull=False)
            .values("organization_id")
            .distinct()
            .count()
        )
        counts[OUTSIDE_COMPLEXES] = orgs.count() - in_complex
        return counts
    if facet == "certification":
        rows = (
            OrganizationCertification.objects.filter(organization_id__in=ids)
            .values_list("certification__slug")
            .annotate(n=Count("organization_id", distinct=True))
        )
    elif facet == "sector":
        rows = (
            Organization.sectors.through.objects.filter(organization_id__in=ids)
            .values_list("sector__slug")
            .annotate(n=Count("organization_id", distinct=True))
        )
    elif facet == "technology":
        return dict(Counter(slug for slug, _organization in technology_pairs(orgs)))
    else:
        path = {"process": "process__slug", "material": "materials__slug"}[facet]
        rows = (
            Capability.objects.filter(organization_id__in=ids, **{f"{path}__isnull": False})
            .values_list(path)
            .annotate(n=Count("organization_id", distinct=True))
        )
    return dict(rows)


def technology_pairs(orgs: QuerySet[Organization]) -> set[tuple[str, int]]:
    """(technology slug, organization id) for the given organizations: from their capabilities and
    from technologies known from KSIC codes alone, each pair once. The directory's technology facet
    and the dashboards count these."""
    ids = orgs.values("id")
    return set(
        Capability.objects.filter(organization_id__in=ids).values_list(
            "process__technology__slug", "organization_id"
        )
    ) | set(
        OrganizationTechnology.objects.filter(organization_id__in=ids).values_list(
            "technology__slug", "organization_id"
        )
    )


@dataclass
class DirectoryResult:
    organizations: QuerySet[Organization]
    total: int
    facets: dict[str, list[FacetValue]]
    # Companies matching the other filters, root industry ("true") or not ("false"): the scope's counts.
    root_industry: dict[str, int] = field(default_factory=dict)


def directory_search(filters: DirectoryFilters) -> DirectoryResult:
    """Companies matching the filters, with disjunctive facet counts: each facet is counted over the
    results of all the *other* filters, so a user can widen a facet as well as narrow it."""
    organizations = directory_filter(filters)
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        counts = _counts(facet, directory_filter(filters, skip=facet))
        selected = set(filters.selected(facet))
        vocabulary = vocabulary_names(facet)
        if facet == "complex":
            vocabulary.append((OUTSIDE_COMPLEXES, gettext("산업단지 밖(개별입지)")))
        values = [
            FacetValue(slug=slug, label=label, count=counts.get(slug, 0), selected=slug in selected)
            for slug, label in vocabulary
        ]
        # Hide empty values unless selected, so the panel lists only what can be found.
        facets[facet] = [v for v in values if v.count or v.selected]
    scope_counts = dict(
        directory_filter(filters, skip="root_industry")
        .order_by()
        .values_list("is_root_industry")
        .annotate(n=Count("id"))
    )
    return DirectoryResult(
        organizations=organizations,
        total=organizations.count(),
        facets=facets,
        root_industry={"true": scope_counts.get(True, 0), "false": scope_counts.get(False, 0)},
    )


def claimed_annotation() -> Exists:
    """Whether an organization has an admin (its listing is claimed): `is_claimed` on the rows of the
    directory, the profile and the API, in the same query as the rows."""
    return Exists(Membership.objects.filter(organization=OuterRef("pk"), role=Membership.Role.ADMIN))


def directory_page_prefetch(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """What a directory row shows: primary site and complex, technologies, certifications, the
    claimed mark."""
    return qs.annotate(is_claimed=claimed_annotation()).prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("complex")),
        Prefetch("capabilities", queryset=Capability.objects.select_related("process__technology")),
        Prefetch(
            "certifications", queryset=OrganizationCertification.objects.select_related("certification")
        ),
        Prefetch("technologies", queryset=OrganizationTechnology.objects.select_related("technology")),
    )


def organization_profile(*, organization: Organization) -> Organization:
    """The organization with everything its profile page shows, in a fixed number of queries."""
    return (
        Organization.objects.filter(pk=organization.pk)
        .annotate(is_claimed=claimed_annotation())
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("complex")),
            Prefetch(
                "capabilities",
                queryset=Capability.objects.select_related("process__technology", "site").prefetch_related(
                    "materials"
                ),
            ),
            Prefetch(
                "certifications", queryset=OrganizationCertification.objects.select_related("certification")
            ),
            "sectors",
            Prefetch("technologies", queryset=OrganizationTechnology.objects.select_related("technology")),
        )
        .get()
    )


def technology_counts(*, companies: QuerySet[Organization]) -> list[tuple[Technology, int]]:
    """Each root technology with the number of the given companies that have a capability in it."""
    counts = _counts("technology", companies)
    return [(technology, counts.get(technology.slug, 0)) for technology in Technology.objects.all()]


# --- sites on a map (reference.geography) ----------------------------------------------------------


@dataclass(frozen=True)
class SitePosition:
    longitude: float
    latitude: float
    estimated: bool
    note: str  # how the position was estimated, in the reader's language


def site_position(*, site: Site, organization: Organization) -> SitePosition | None:
    """Where a site is pinned, and whether that is an estimate. Coordinates a company entered on its
    site's form are drawn as given. The demo's coordinates are placed at random around a complex's or
    a district's estimated centre (demo/places.py, demo/data/sourcing.toml): estimates. A site without
    coordinates inside a complex is pinned at the complex's estimated centre, as sourcing's matching
    measures from it: an estimate. The factory-registration import sets no coordinates. Anything else
    (no coordinates, no complex) is not pinned."""
    if site.latitude is not None and site.longitude is not None:
        if organization.is_demo:
            return SitePosition(site.longitude, site.latitude, True, gettext("데모 데이터의 임의 위치"))
        return SitePosition(site.longitude, site.latitude, False, "")
    place = site.complex
    if place is not None and place.latitude is not None and place.longitude is not None:
        note = gettext("좌표가 없어 산업단지 추정 중심점에 표시")
        return SitePosition(place.longitude, place.latitude, True, note)
    return None


def _site_place(site: Site) -> str:
    return site.complex.short_name if site.complex is not None else site.district


def _pin_map(pins: list[Pin]) -> PinMap | None:
    if not pins:
        return None
    return pin_map(pins, complex_names=dict(vocabulary_names("complex")))


def organization_pin_map(*, organization: Organization) -> PinMap | None:
    """A company's sites with a position on the base map, numbered as its profile lists them. The
    organization comes from organization_get_for_user through organization_profile (its sites and
    their complexes prefetched: one query more, the complexes' names)."""
    pins = [
        _site_pin(
            site,
            organization,
            number=number,
            name=" ".join(part for part in (site.name, site.address) if part),
            label=site.name,
        )
        for number, site in enumerate(organization.sites.all(), 1)
    ]
    return _pin_map([pin for pin in pins if pin is not None])


def directory_pin_map(*, organizations: list[Organization]) -> PinMap | None:
    """The sites of the directory's page shown — the companies the directory selected for everyone
    (public ones; directory_base_queryset), their sites prefetched (directory_page_prefetch) — numbered
    as the page lists the companies. Only that page: never the whole result."""
    pins = [
        _site_pin(
            site,
            organization,
            number=number,
            name=organization.display_name,
            url=organization.get_absolute_url(),
        )
        for number, organization in enumerate(organizations, 1)
        for site in organization.sites.all()
    ]
    return _pin_map([pin for pin in pins if pin is not None])


def _site_pin(site: Site, organization: Organization, *, number: int, name: str, **shown: str) -> Pin | None:
    """A site's pin where it has a position (site_position), numbered as its page lists it."""
    position = site_position(site=site, organization=organization)
    if position is None:
        return None
    return Pin(
        longitude=position.longitude,
        latitude=position.latitude,
        number=str(number),
        name=name,
        place=_site_place(site),
        estimated=position.estimated,
        note=position.note,
        **shown,
    )
