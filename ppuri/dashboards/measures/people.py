"""Talent at companies of the scope: postings opened, applications, hires (every employment, from a
posting or an incentive case), retention at 6, 12 and 24 months, and the youth incentive's approvals,
commitments and payments against its budget."""

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.clock import add_months
from ppuri.dashboards.measures import Figure, Kind, Section, percent
from ppuri.dashboards.scopes import Period, Scope
from ppuri.incentives.models import IncentiveApplication, IncentiveCase, Installment, Program
from ppuri.talent.models import Application, JobPosting
from ppuri.tenure.models import Employment

RETENTION_MONTHS = (6, 12, 24)
PAID = (Installment.Status.PAID, Installment.Status.RECOVERING, Installment.Status.RECOVERED)


def talent_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 채용(기업이 이 범위에 있는 공고·입사, 게시일·입사일 기준)")
    postings = JobPosting.objects.filter(scope.of_companies("company_id"), period.moments("opened_at"))
    applications = Application.objects.filter(
        scope.of_companies("job__company_id"), period.moments("created_at")
    )
    hires = Employment.objects.filter(scope.of_companies("company_id"), period.days("hired_on"))
    figures = [
        Figure("job_postings", _("게시된 채용 공고"), postings.count(), _("건"), source=source),
        Figure("job_applications", _("지원"), applications.count(), _("건"), source=source),
        Figure(
            "hires",
            _("채용(입사)"),
            hires.count(),
            _("명"),
            source=source,
            note=_("채용 공고를 통한 채용과 청년 장려금 사례의 입사를 모두 셉니다."),
        ),
    ]
    figures += [_retention(hires, months, source) for months in RETENTION_MONTHS]
    return Section("talent", _("채용과 고용 유지"), figures)


def _retention(hires: QuerySet[Employment], months: int, source: str) -> Figure:
    """Of the hires whose `months` have passed by today, the share still employed on that day."""
    today = clock.today()
    followed = kept = 0
    for hired_on, separated_on in hires.values_list("hired_on", "separated_on"):
        mark = add_months(hired_on, months)
        if mark > today:
            continue
        followed += 1
        if separated_on is None or separated_on >= mark:
            kept += 1
    return Figure(
        f"retention_{months}m",
        _("%(months)s개월 고용 유지율") % {"months": months},
        percent(kept, followed),
        "%",
        kind=Kind.RATE,
        base=followed,
        part=kept,
        source=source,
        note=_("입사 후 %(months)s개월이 지난 채용 가운데 그날 재직 중인 비율입니다.") % {"months": months},
    )


def incentives_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 청년 장려금(기업이 이 범위에 있는 사례, 승인일·지급일 기준)")
    approved = IncentiveApplication.objects.filter(
        scope.of_companies("company_id"),
        period.moments("decided_at"),
        status=IncentiveApplication.Status.APPROVED,
    )
    cases = IncentiveCase.objects.filter(application__in=approved)
    committed = Installment.objects.filter(case__in=cases).aggregate(
        total=Sum("amount"), companies=Count("case__company", distinct=True)
    )
    paid_rows = Installment.objects.filter(
        scope.of_companies("case__company_id"), period.days("paid_on"), status__in=PAID
    ).aggregate(total=Sum("amount"), companies=Count("case__company", distinct=True))
    figures = [
        Figure(
            "youth_approved",
            _("승인된 청년"),
            approved.values("person_key").distinct().count(),
            _("명"),
            source=source,
        ),
        Figure(
            "incentive_committed_krw",
            _("지급 약정액"),
            int(committed["total"] or 0),
            _("원"),
            kind=Kind.MONEY,
            base=committed["companies"],
            source=source,
            note=_("기간에 승인된 청년의 지급 일정 금액을 모두 더한 것입니다."),
        ),
        Figure(
            "incentive_paid_krw",
            _("지급액"),
            int(paid_rows["total"] or 0),
            _("원"),
            kind=Kind.MONEY,
            base=paid_rows["companies"],
            source=source,
        ),
    ]
    if scope.complex is None:
        budget = int(Program.objects.aggregate(total=Sum("budget"))["total"] or 0)
        figures.append(
            Figure(
                "incentive_budget_krw",
                _("사업 예산"),
                budget,
                _("원"),
                kind=Kind.OFFICIAL,
                source=_("청년 장려금 사업 공고(Ppuri에 등록된 사업의 예산 합계)"),
            )
        )
        figures.append(
            Figure(
                "incentive_paid_share",
                _("예산 대비 지급률"),
                percent(int(paid_rows["total"] or 0), budget),
                "%",
                kind=Kind.RATE,
                base=paid_rows["companies"],
                source=source,
            )
        )
    return Section("incentives", _("청년 장려금"), figures)
