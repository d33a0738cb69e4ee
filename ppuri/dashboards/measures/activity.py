"""Sourcing (requests, invitations, quotes, awards, days to award, awards kept in Incheon) and the
limit-technology desk (cases by technology and status, days to first contact and to a result, the solved
share, measured effects, active experts by organization): what started within the period at companies
of the scope."""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.challenges.models import Challenge, Offer
from ppuri.dashboards.measures import Breakdown, Figure, Kind, Section, median_days, percent
from ppuri.dashboards.measures.tallies import Entry, LinkedMeasure, Tally
from ppuri.dashboards.scopes import Period, Scope
from ppuri.reference.models import Technology
from ppuri.registry.models import Site
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

# A supplier is "in Incheon" when one of its sites' addresses is (the factory file writes the province
# first: 인천광역시 …; older rows 인천시 …).
INCHEON_ADDRESS = "인천"
UNCLASSIFIED = "unclassified"
UNLISTED = gettext_lazy("공개되지 않은 기관")

REQUESTS = Tally(lambda: SourcingRequest.objects.all(), "buyer_id", "opened_at")
INVITATIONS = Tally(lambda: Invitation.objects.all(), "request__buyer_id", "request__opened_at")
QUOTES = Tally(lambda: Quote.objects.all(), "invitation__request__buyer_id", "invitation__request__opened_at")
AWARDS = Tally(
    lambda: SourcingRequest.objects.filter(status=SourcingRequest.Status.AWARDED), "buyer_id", "opened_at"
)
CASES = Tally(
    lambda: Challenge.objects.exclude(status=Challenge.Status.WITHDRAWN),
    "company_id",
    "created_at",
    entry=("technology__slug", "status"),
)
MEASURED = Tally(
    lambda: (
        Challenge.objects.exclude(status=Challenge.Status.WITHDRAWN)
        .exclude(outcome="")
        .exclude(effect_metric="")
        .exclude(effect_before=None)
        .exclude(effect_after=None)
    ),
    "company_id",
    "created_at",
)
TOOK_CASES = (Offer.Status.ACCEPTED, Offer.Status.COMPLETED)
EXPERTS = Tally(
    lambda: Offer.objects.filter(status__in=TOOK_CASES).exclude(challenge__status=Challenge.Status.WITHDRAWN),
    "challenge__company_id",
    "challenge__created_at",
    distinct="expert_id",
    entry=("expert__organization__name", "expert__organization__is_public"),
)


def sourcing_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 소싱 요청(요청 기업이 이 범위에 있는 것, 공개일 기준)")
    requests = REQUESTS.within(scope, period)
    invitations = INVITATIONS.within(scope, period)
    awarded = AWARDS.within(scope, period)
    won = invitations.filter(status=Invitation.Status.AWARDED)
    in_incheon = won.filter(
        supplier_id__in=Site.objects.filter(address__startswith=INCHEON_ADDRESS).values("organization_id")
    ).count()
    won_count = won.count()
    days = [
        (closed - opened).total_seconds() / 86400
        for opened, closed in awarded.exclude(closed_at=None).values_list("opened_at", "closed_at")
        if opened and closed
    ]
    figures = [
        Figure("sourcing_requests", _("소싱 요청"), requests.count(), _("건"), source=source),
        Figure("sourcing_invitations", _("견적 초대·응함"), invitations.count(), _("건"), source=source),
        Figure(
            "sourcing_quotes",
            _("제출된 견적"),
            QUOTES.within(scope, period).count(),
            _("건"),
            source=source,
        ),
        Figure("sourcing_awards", _("발주 결정"), awarded.count(), _("건"), source=source),
        Figure(
            "sourcing_days_to_award",
            _("발주 결정까지 걸린 날(중앙값)"),
            median_days(days),
            _("일"),
            kind=Kind.DAYS,
            base=len(days),
            source=source,
        ),
        Figure(
            "sourcing_awarded_in_incheon",
            _("인천 안 기업에 돌아간 선정 비율"),
            percent(in_incheon, won_count),
            "%",
            kind=Kind.RATE,
            base=won_count,
            part=in_incheon,
            source=source,
            note=_("선정된 공급 기업 가운데 인천에 사업장이 있는 기업의 비율입니다."),
        ),
    ]
    return Section("sourcing", _("소싱"), figures)


def desk_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 한계기술 자문(기업이 이 범위에 있는 사례, 접수일 기준)")
    cases = CASES.within(scope, period)
    timings = list(cases.values_list("created_at", "first_contact_at", "resolved_at"))
    to_contact = [(contact - made).total_seconds() / 86400 for made, contact, _r in timings if contact]
    to_result = [(result - made).total_seconds() / 86400 for made, _c, result in timings if result]
    reported = cases.exclude(outcome="")
    solved = reported.filter(outcome=Challenge.Outcome.SOLVED).count()
    measured = MEASURED.within(scope, period).count()
    figures = [
        Figure("desk_cases", _("접수된 자문 사례"), cases.count(), _("건"), source=source),
        Figure(
            "desk_days_to_first_contact",
            _("첫 자문까지 걸린 날(중앙값)"),
            median_days(to_contact),
            _("일"),
            kind=Kind.DAYS,
            base=len(to_contact),
            source=source,
        ),
        Figure(
            "desk_days_to_result",
            _("결과 보고까지 걸린 날(중앙값)"),
            median_days(to_result),
            _("일"),
            kind=Kind.DAYS,
            base=len(to_result),
            source=source,
        ),
        Figure(
            "desk_solved_share",
            _("해결 비율"),
            percent(solved, reported.count()),
            "%",
            kind=Kind.RATE,
            base=reported.count(),
            part=solved,
            source=source,
            note=_("결과가 보고된 사례 가운데 '해결'인 사례의 비율입니다."),
        ),
        Figure("desk_measured_effects", _("효과를 측정한 사례"), measured, _("건"), source=source),
    ]
    return Section(
        "desk",
        _("한계기술 자문"),
        figures,
        [_cases_by_technology(cases, source), _experts_by_organization(scope, period, source)]
        if tables
        else [],
    )


def _stages() -> list[tuple[str, str, set[str]]]:
    return [
        (
            "open",
            _("진행 중"),
            {
                Challenge.Status.SUBMITTED,
                Challenge.Status.TRIAGED,
                Challenge.Status.OFFERED,
                Challenge.Status.IN_PROGRESS,
            },
        ),
        ("reported", _("결과 보고"), {Challenge.Status.RESOLVED}),
        ("closed", _("종료"), {Challenge.Status.CLOSED}),
    ]


def _technology_rows() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in Technology.objects.all()] + [(UNCLASSIFIED, _("분류 전"))]


def _cases_by_technology(cases: QuerySet[Challenge], source: str) -> Breakdown:
    stages = _stages()
    counts = Counter(
        (technology or UNCLASSIFIED, status)
        for technology, status in cases.values_list("technology__slug", "status")
    )
    rows = _technology_rows()
    return Breakdown(
        key="desk_cases_by_technology",
        total_of="desk_cases",
        title=_("뿌리기술 × 진행 상태별 자문 사례"),
        row_label=_("뿌리기술"),
        column_label=_("상태"),
        rows=[label for _slug, label in rows],
        columns=[label for _key, label, _statuses in stages],
        values=[
            [sum(counts[(slug, s)] for s in statuses) for _k, _l, statuses in stages] for slug, _label in rows
        ],
        unit=_("건"),
        source=source,
    )


def _experts_by_organization(scope: Scope, period: Period, source: str) -> Breakdown:
    """Experts who took a case of the scope in the period (accepted or completed an offer), by their
    organization: the partners' contribution to the desk. An organization the registry does not list
    publicly is not named: its experts are counted on one row of their own."""
    counts = (
        EXPERTS.within(scope, period)
        .values_list("expert__organization__name", "expert__organization__is_public")
        .annotate(experts=Count("expert", distinct=True))
        .order_by("expert__organization__name")
    )
    rows: dict[str, int] = {}
    unlisted = 0
    for name, public, experts in counts:
        if public:
            rows[name] = experts
        else:
            unlisted += experts
    if unlisted:
        rows[str(UNLISTED)] = unlisted
    return Breakdown(
        key="desk_experts_by_organization",
        title=_("소속 기관별 활동 전문가"),
        row_label=_("소속 기관"),
        column_label=_("구분"),
        rows=list(rows),
        columns=[_("활동 전문가")],
        values=[[experts] for experts in rows.values()],
        unit=_("명"),
        source=source,
    )


def linked() -> list[LinkedMeasure]:
    """This module's counts published with every scope and year (dashboards.joint)."""
    technologies = [slug for slug, _label in _technology_rows()]
    stage_of = {status: index for index, (_k, _l, statuses) in enumerate(_stages()) for status in statuses}
    organizations = _expert_organizations()

    def case_cell(fields: Sequence[Any]) -> Entry | None:
        technology, status = fields
        column = stage_of.get(str(status))
        row = technologies.index(str(technology or UNCLASSIFIED))
        return None if column is None else (row, column)

    def expert_cell(fields: Sequence[Any]) -> Entry:
        name, public = fields
        return (organizations.index(str(name) if public else str(UNLISTED)), 0)

    return [
        LinkedMeasure("sourcing_requests", REQUESTS, figures=(("sourcing_requests", None),)),
        LinkedMeasure("sourcing_invitations", INVITATIONS, figures=(("sourcing_invitations", None),)),
        LinkedMeasure("sourcing_quotes", QUOTES, figures=(("sourcing_quotes", None),)),
        LinkedMeasure("sourcing_awards", AWARDS, figures=(("sourcing_awards", None),)),
        LinkedMeasure(
            "desk_cases_by_technology",
            CASES,
            rows=len(technologies),
            columns=len(_stages()),
            place=case_cell,
            figures=(("desk_cases", None),),
            row_labels=tuple(label for _slug, label in _technology_rows()),
        ),
        LinkedMeasure("desk_measured_effects", MEASURED, figures=(("desk_measured_effects", None),)),
        LinkedMeasure(
            "desk_experts_by_organization",
            EXPERTS,
            rows=len(organizations),
            place=expert_cell,
            row_labels=tuple(organizations),
        ),
    ]


def _expert_organizations() -> list[str]:
    """Every row the experts table can have: the listed organizations of experts who took a case, by
    name, and one row for the unlisted ones."""
    names = (
        EXPERTS.records()
        .filter(expert__organization__is_public=True)
        .values_list("expert__organization__name", flat=True)
        .distinct()
        .order_by("expert__organization__name")
    )
    return [*names, str(UNLISTED)]
