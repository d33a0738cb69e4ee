"""Talent at companies of the scope: postings opened, applications, hires (every employment, from a
posting or an incentive case), retention at 6, 12 and 24 months, and the youth incentive's approvals,
commitments and payments against its budget."""

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.core.clock import add_months
from ppuri.dashboards.measures import Figure, Kind, Section, percent
from ppuri.dashboards.measures.tallies import LinkedMeasure, Tally
from ppuri.dashboards.scopes import Period, Scope
from ppuri.incentives.models import IncentiveApplication, Installment, Program
from ppuri.talent.models import Application, JobPosting
from ppuri.tenure.models import Employment

RETENTION_MONTHS = (6, 12, 24)
PAID = (Installment.Status.PAID, Installment.Status.RECOVERING, Installment.Status.RECOVERED)

POSTINGS = Tally(lambda: JobPosting.objects.all(), "company_id", "opened_at")
APPLICATIONS = Tally(lambda: Application.objects.all(), "job__company_id", "created_at")
HIRES = Tally(lambda: Employment.objects.all(), "company_id", "hired_on", dated=True)
APPROVED = Tally(
    lambda: IncentiveApplication.objects.filter(status=IncentiveApplication.Status.APPROVED),
    "company_id",
    "decided_at",
    distinct="person_key",
)
# What was committed for the youth approved in the period: every installment of their cases.
COMMITTED = Tally(
    lambda: Installment.objects.filter(case__application__status=IncentiveApplication.Status.APPROVED),
    "case__application__company_id",
    "case__application__decided_at",
    amount="amount",
)
PAYMENTS = Tally(
    lambda: Installment.objects.filter(status__in=PAID),
    "case__company_id",
    "paid_on",
    dated=True,
    amount="amount",
)


def talent_section(scope: Scope, period: Period, *, tables: bool = True) -> Section:
    source = _("Ppuri 채용(기업이 이 범위에 있는 공고·입사, 게시일·입사일 기준)")
    postings = POSTINGS.within(scope, period)
    applications = APPLICATIONS.within(scope, period)
    hires = HIRES.within(scope, period)
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
    approved = APPROVED.within(scope, period)
    committed = COMMITTED.within(scope, period).aggregate(
        total=Sum("amount"), companies=Count("case__application__company", distinct=True)
    )
    paid_rows = PAYMENTS.within(scope, period).aggregate(
        total=Sum("amount"), companies=Count("case__company", distinct=True)
    )
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
                derived_from="incentive_paid_krw",
            )
        )
    return Section("incentives", _("청년 장려금"), figures)


def linked() -> list[LinkedMeasure]:
    """This module's counts and money published with every scope and year (dashboards.joint)."""
    return [
        LinkedMeasure("job_postings", POSTINGS, figures=(("job_postings", None),)),
        LinkedMeasure("job_applications", APPLICATIONS, figures=(("job_applications", None),)),
        LinkedMeasure("hires", HIRES, figures=(("hires", None),)),
        LinkedMeasure("youth_approved", APPROVED, figures=(("youth_approved", None),)),
        LinkedMeasure(
            "incentive_committed_krw", COMMITTED, money=True, figures=(("incentive_committed_krw", None),)
        ),
        LinkedMeasure("incentive_paid_krw", PAYMENTS, money=True, figures=(("incentive_paid_krw", None),)),
    ]
