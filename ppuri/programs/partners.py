"""Suggested collaboration partners for an investment lead (issue 17: "collaboration with Cheongna's
robot firms" and the complexes' root companies), each with the reasons a reader can check.

Two kinds of registry company are suggested, public ones only (registry.selectors' directory, never a
private listing, whoever asks):
- robot firms near Cheongna and the Seobu complex: the robotics technology among their capabilities or
  their KSIC-based technologies, or the robotics sector among the industries they serve, with a site
  within ROBOT_RADIUS_KM of the Seobu complex (or in it);
- root companies with a site in one of the four national and general complexes (Namdong, Juan,
  Bupyeong, Seobu) whose capabilities cover at least one of the root technologies the lead needs.

The ranking is a plain sum whose parts are the reasons shown: each needed technology covered counts
most (a partner is first someone who can make what the investor needs), then being a robot firm by
the free zone, valid certifications (a foreign investor's supplier audit asks for them) and nearness to
Seobu."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.programs.models import Lead
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import DirectoryFilters, directory_filter, directory_page_prefetch
from ppuri.sourcing.matching import haversine_km

ROBOTICS = "robotics"
SEOBU = "seobu"
FOUR_COMPLEXES = ("namdong", "juan", "bupyeong", "seobu")
# Cheongna lies about 2 km from the Seobu complex's centroid, Songdo about 17 km: 8 km takes in the
# free zone's Cheongna district and the complex, not the rest of the city.
ROBOT_RADIUS_KM = 8.0
MAX_SUGGESTIONS = 10
# What each reason weighs in the ranking.
PER_TECHNOLOGY = 3.0
ROBOT_NEARBY = 2.0
PER_CERTIFICATION = 0.5
MAX_CERTIFICATIONS_COUNTED = 3
# Nearness to Seobu adds up to 1 point, falling to nothing at this distance.
NEARNESS_KM = 30.0


@dataclass
class PartnerSuggestion:
    organization: Organization
    score: float
    reasons: list[str]
    robot_firm: bool = False
    root_company: bool = False
    technologies: list[Technology] = field(default_factory=list)
    complexes: list[Complex] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    distance_km: float | None = None


def _names(items: list[Any]) -> str:
    return ", ".join(str(item.name) for item in items)


def _technologies_of(organization: Organization) -> dict[int, Technology]:
    found = {c.process.technology.pk: c.process.technology for c in organization.capabilities.all()}
    found.update({t.technology.pk: t.technology for t in organization.technologies.all()})
    return found


def _distance_to(organization: Organization, anchor: Complex | None) -> float | None:
    """Km from the nearest site to the anchor complex: from the site's own coordinates, or from its
    complex's where the site has none."""
    if anchor is None or anchor.latitude is None or anchor.longitude is None:
        return None
    distances = []
    for site in organization.sites.all():
        latitude, longitude = site.latitude, site.longitude
        if (latitude is None or longitude is None) and site.complex is not None:
            latitude, longitude = site.complex.latitude, site.complex.longitude
        if latitude is not None and longitude is not None:
            distances.append(haversine_km(latitude, longitude, anchor.latitude, anchor.longitude))
    return min(distances, default=None)


def _valid_certifications(organization: Organization) -> list[str]:
    today = clock.today()
    return [
        str(held.certification.name)
        for held in organization.certifications.all()
        if held.valid_until is None or held.valid_until >= today
    ]


def _candidates(lead_technologies: list[Technology]) -> Any:
    robots = directory_filter(DirectoryFilters(root_industry="any", technology=[ROBOTICS]))
    robot_sector = directory_filter(DirectoryFilters(root_industry="any", sector=[ROBOTICS]))
    ids = set(robots.values_list("pk", flat=True)) | set(robot_sector.values_list("pk", flat=True))
    if lead_technologies:
        roots = directory_filter(
            DirectoryFilters(
                root_industry="true",
                complex=list(FOUR_COMPLEXES),
                technology=[t.slug for t in lead_technologies],
            )
        )
        ids |= set(roots.values_list("pk", flat=True))
    return (
        directory_page_prefetch(directory_filter(DirectoryFilters(root_industry="any")))
        .filter(pk__in=ids)
        .prefetch_related("sectors")
    )


def partners_for_lead(lead: Lead, *, limit: int = MAX_SUGGESTIONS) -> list[PartnerSuggestion]:
    """At most `limit` public companies, best first, each with its reasons."""
    needed = {t.pk: t for t in lead.technologies.all()}
    seobu = Complex.objects.filter(slug=SEOBU).first()
    suggestions = []
    for organization in _candidates(list(needed.values())):
        if organization.pk == lead.organization_id:
            continue  # an expansion's own company is not its partner
        suggestion = _suggestion(organization, needed, seobu)
        if suggestion is not None:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.organization.normalized_name, s.organization.pk))
    return suggestions[:limit]


def _suggestion(
    organization: Organization, needed: dict[int, Technology], seobu: Complex | None
) -> PartnerSuggestion | None:
    technologies = _technologies_of(organization)
    matched = [technology for pk, technology in sorted(needed.items()) if pk in technologies]
    sites = list(organization.sites.all())
    complexes = list(
        {s.complex.pk: s.complex for s in sites if s.complex and s.complex.slug in FOUR_COMPLEXES}.values()
    )
    distance = _distance_to(organization, seobu)
    robotic = any(t.slug == ROBOTICS for t in technologies.values()) or any(
        s.slug == ROBOTICS for s in organization.sectors.all()
    )
    in_seobu = any(c.slug == SEOBU for c in complexes)
    robot_nearby = robotic and (in_seobu or (distance is not None and distance <= ROBOT_RADIUS_KM))
    root_company = organization.is_root_industry and bool(complexes) and bool(matched)
    if not (robot_nearby or root_company):
        return None
    certifications = _valid_certifications(organization)
    reasons = []
    score = 0.0
    if matched:
        score += PER_TECHNOLOGY * len(matched)
        reasons.append(_("필요한 뿌리기술을 갖추었습니다: %(names)s.") % {"names": _names(matched)})
    if robot_nearby:
        score += ROBOT_NEARBY
        reasons.append(_("청라·서부산업단지 인근의 로봇 기업입니다."))
    if root_company:
        reasons.append(_("%(complexes)s의 뿌리기업입니다.") % {"complexes": _names(complexes)})
    if certifications:
        score += PER_CERTIFICATION * min(len(certifications), MAX_CERTIFICATIONS_COUNTED)
        reasons.append(_("보유 인증: %(names)s.") % {"names": ", ".join(certifications)})
    if distance is not None:
        score += max(0.0, 1 - distance / NEARNESS_KM)
        reasons.append(_("서부산업단지까지 약 %(km).1fkm입니다.") % {"km": distance})
    return PartnerSuggestion(
        organization=organization,
        score=round(score, 2),
        reasons=reasons,
        robot_firm=robot_nearby,
        root_company=root_company,
        technologies=matched,
        complexes=complexes,
        certifications=certifications,
        distance_km=round(distance, 1) if distance is not None else None,
    )
