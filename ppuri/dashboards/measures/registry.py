"""Companies of the registry: root and other, claimed profiles, valid certificates, companies by root
technology and size, and (for Incheon) by complex and technology — counted as the directory counts
them (registry.selectors), so a dashboard's figure equals the directory's facet."""

from collections import Counter
from dataclasses import replace

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.dashboards.measures import Breakdown, Figure, Section
from ppuri.dashboards.scopes import Period, Scope
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Membership, Organization, OrganizationCertification, Site
from ppuri.registry.selectors import directory_base_queryset, technology_pairs

UNKNOWN_SIZE = "unknown"


def registry_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 기업 등록부(공개 기업, 오늘 기준)")
    root = scope.companies(directory_base_queryset(root_industry="true"))
    other = scope.companies(directory_base_queryset(root_industry="false"))
    claimed = root.filter(memberships__role=Membership.Role.ADMIN).distinct()
    today = clock.today()
    certificates = OrganizationCertification.objects.filter(organization__in=root).exclude(
        valid_until__lt=today
    )
    figures = [
        Figure("root_companies", _("뿌리기업"), root.count(), _("개사"), source=source),
        Figure("other_companies", _("그 밖의 등록 기업"), other.count(), _("개사"), source=source),
        Figure(
            "claimed_profiles",
            _("직접 관리하는 뿌리기업"),
            claimed.count(),
            _("개사"),
            source=source,
            note=_("기업 관리자가 있는(소유 확인을 마친) 목록입니다."),
        ),
        Figure(
            "certificates_valid",
            _("유효한 인증"),
            certificates.count(),
            _("건"),
            source=source,
            note=_("뿌리기업이 보유한 인증 가운데 유효 기한이 지나지 않은 것입니다."),
        ),
    ]
    # Public companies are listed, counted per complex and technology, by the directory for anyone:
    # these counts have no threshold (the directory's facets show the same numbers).
    figures = [replace(figure, threshold=0) for figure in figures]
    breakdowns = [_by_technology_and_size(root, source)] if tables else []
    if tables and scope.complex is None:
        breakdowns.append(_by_complex_and_technology(root, source))
    return Section("registry", _("기업 등록부"), figures, breakdowns)


def _technologies() -> list[Technology]:
    return list(Technology.objects.all())


def _by_technology_and_size(companies: QuerySet[Organization], source: str) -> Breakdown:
    technologies = _technologies()
    sizes = [*Organization.Size.values, UNKNOWN_SIZE]
    size_of = dict(companies.values_list("id", "size"))
    counts = Counter((slug, size_of.get(org) or UNKNOWN_SIZE) for slug, org in technology_pairs(companies))
    return Breakdown(
        key="companies_by_technology_and_size",
        title=_("뿌리기술 × 기업 규모별 뿌리기업"),
        row_label=_("뿌리기술"),
        column_label=_("기업 규모"),
        rows=[t.name for t in technologies],
        columns=[*[str(label) for label in Organization.Size.labels], _("미상")],
        values=[[counts[(t.slug, size)] for size in sizes] for t in technologies],
        unit=_("개사"),
        threshold=0,
        source=source + " · " + _("한 기업이 여러 기술에 들 수 있어 합계에는 중복이 있습니다."),
    )


def _by_complex_and_technology(companies: QuerySet[Organization], source: str) -> Breakdown:
    technologies = _technologies()
    complexes = list(Complex.objects.all())
    in_complex: dict[int, set[int]] = {}
    for organization, complex_id in Site.objects.filter(
        organization_id__in=companies.values("id"),
        complex__isnull=False,
    ).values_list("organization_id", "complex_id"):
        in_complex.setdefault(organization, set()).add(complex_id)
    counts: Counter[tuple[int, str]] = Counter()
    for slug, organization in technology_pairs(companies):
        for complex_id in in_complex.get(organization, ()):
            counts[(complex_id, slug)] += 1
    return Breakdown(
        key="companies_by_complex_and_technology",
        title=_("산업단지 × 뿌리기술별 뿌리기업"),
        row_label=_("산업단지"),
        column_label=_("뿌리기술"),
        rows=[c.short_name for c in complexes],
        columns=[t.name for t in technologies],
        values=[[counts[(c.pk, t.slug)] for t in technologies] for c in complexes],
        unit=_("개사"),
        threshold=0,
        source=source + " · " + _("산업단지 밖의 기업은 이 표에 들지 않습니다."),
    )
