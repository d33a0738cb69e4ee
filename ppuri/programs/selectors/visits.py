"""Reads of company visits (BRE): one visit as its viewer may see it, the staff's lists of visits and
open follow-ups, a company's own visits, and the company-level youth-incentive check a hiring need
triggers.

Who sees what of a visit (visibility.visits_visible_to decides which rows; `visit_view_for` which
fields): the programme's staff everything; a member of the visited company the date, the summary
shared with the company and the follow-ups' titles and statuses — never the internal notes, the
survey's answers (plan, relocation risk, red flags and their details) or who owns a follow-up."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ppuri.accounts.models import Role
from ppuri.accounts.roles import is_operator, refuse_unless, runs_programs
from ppuri.core import clock
from ppuri.incentives import rules
from ppuri.incentives.models import Program, ProgramCompany
from ppuri.incentives.selectors import programs_visible_to
from ppuri.programs.models import FollowUp, Visit
from ppuri.programs.selectors.visibility import follow_ups_visible_to, visits_visible_to
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_of

# Follow-up kinds that route into another part of the platform, and where.
ROUTABLE = (FollowUp.Kind.HIRING, FollowUp.Kind.TECHNOLOGY, FollowUp.Kind.EXPANSION)


def require_visit_staff(user: Any) -> None:
    refuse_unless(runs_programs(user), _("기업 방문은 운영기관과 인천시 담당자만 기록하고 관리합니다."))


def staff_people() -> QuerySet[Any]:
    """Who may own a follow-up: the programme's staff (operators and city officials), active."""
    return (
        get_user_model()
        .objects.filter(is_active=True, deleted_at__isnull=True)
        .filter(Q(role__in=[Role.OPERATOR, Role.CITY]) | Q(is_superuser=True))
        .order_by("display_name", "username")
    )


def visit_get_for_user(*, user: Any, pk: int) -> Visit:
    """A visit its viewer may know of (404 otherwise: a visit's existence is not told to others)."""
    return get_object_or_404(visits_visible_to(user).select_related("organization", "visitor"), pk=pk)


def follow_up_get_for_staff(*, user: Any, pk: int) -> FollowUp:
    require_visit_staff(user)
    return get_object_or_404(
        follow_ups_visible_to(user).select_related(
            "visit__organization", "owner", "posting", "challenge", "lead"
        ),
        pk=pk,
    )


@dataclass
class VisitView:
    """What one viewer may see and do on a visit's page and in the API."""

    visit: Visit
    staff: bool
    follow_ups: list[FollowUp] = field(default_factory=list)
    today: date = field(default_factory=clock.today)

    @property
    def summary(self) -> str:
        return self.visit.summary_for_company


def visit_view_for(user: Any, visit: Visit) -> VisitView:
    staff = runs_programs(user)
    follow_ups = follow_ups_visible_to(user).filter(visit=visit).order_by("due_on", "pk")
    if staff:
        follow_ups = follow_ups.select_related("owner", "posting", "challenge", "lead")
    return VisitView(visit=visit, staff=staff, follow_ups=list(follow_ups))


def may_route(user: Any, follow_up: FollowUp) -> bool:
    """Whether this user may route this follow-up: a draft posting and a desk case are opened for the
    company in its name, which the talent and challenges apps allow operators only (a city official
    hands those to the operator); a lead, any of the programme's staff."""
    if follow_up.kind == FollowUp.Kind.EXPANSION:
        return runs_programs(user)
    if follow_up.kind in (FollowUp.Kind.HIRING, FollowUp.Kind.TECHNOLOGY):
        return is_operator(user)
    return False


def follow_up_routed(follow_up: FollowUp) -> bool:
    return bool(follow_up.posting_id or follow_up.challenge_id or follow_up.lead_id)


def visits_recent(*, user: Any, limit: int = 50) -> QuerySet[Visit]:
    return visits_visible_to(user).select_related("organization", "visitor")[:limit]


def follow_ups_open(*, user: Any) -> QuerySet[FollowUp]:
    """The staff's open follow-ups by due date, the most overdue first."""
    require_visit_staff(user)
    return (
        follow_ups_visible_to(user)
        .filter(status=FollowUp.Status.OPEN)
        .select_related("visit__organization", "owner")
        .order_by("due_on", "pk")
    )


def visits_for_company_members(user: Any) -> QuerySet[Visit]:
    """The visits to the companies the user works for, newest first: for the company's workspace.
    Read what they show through visit_view_for (the summary, never the notes or the survey)."""
    return (
        visits_visible_to(user)
        .filter(organization__in=organizations_of(user).values("pk"))
        .select_related("organization")
    )


# --- the youth-incentive check of a hiring need ---------------------------------------------------

# The rules of incentives.rules that speak of the company; the others (age, residence, contract,
# hire date, an earlier application) are the young person's and wait for the application.
COMPANY_RULES = ("root_company", "complex", "employees")


@dataclass
class IncentiveCheck:
    """One open youth-incentive programme against one company, before anyone is hired."""

    program: Program
    checks: list[dict[str, Any]]  # incentives.rules.explain's shape: rule, passed, label, detail
    unknown: list[str]  # what the registry does not hold to decide (its employees, its sales)
    company_places: int  # the company's places still free under its cap
    people_places: int  # the programme's head count still free
    budget_enough: bool  # the programme can still commit one more person's amount

    @property
    def eligible(self) -> bool:
        return (
            all(c["passed"] for c in self.checks)
            and not self.unknown
            and self.company_places > 0
            and self.people_places > 0
            and self.budget_enough
        )

    def text(self) -> str:
        """One sentence for the follow-up's result, in the reader's language."""
        failed = [f"{c['label']}({c['detail']})" for c in self.checks if not c["passed"]]
        if failed:
            verdict = _("기업 요건 미충족: %(rules)s") % {"rules": "; ".join(failed)}
        elif self.unknown:
            verdict = _("확인 필요: %(items)s") % {"items": ", ".join(self.unknown)}
        elif self.company_places <= 0 or self.people_places <= 0 or not self.budget_enough:
            verdict = _("기업 요건은 충족하나 남은 자리나 예산이 없음")
        else:
            verdict = _("기업 요건 충족, 기업당 남은 자리 %(n)d명") % {"n": self.company_places}
        return _("청년 장려금 «%(program)s»: %(verdict)s.") % {
            "program": self.program.name,
            "verdict": verdict,
        }


def youth_incentive_check(
    *, user: Any, company: Organization, today: date | None = None
) -> list[IncentiveCheck]:
    """The company-level part of every programme that takes applications for a hire made today:
    the rules incentives.rules applies to the company (a root company, a site in a target complex, the
    minimum head count), its remaining places under the company cap, the programme's head count and
    budget. Whether a particular young person qualifies (age, residence, contract) is decided on the
    application after the hire; the annual-sales rule too, as the registry holds no sales."""
    today = today or clock.today()
    programs = (
        programs_visible_to(user)
        .filter(accepting=True, hire_from__lte=today, hire_to__gte=today)
        .prefetch_related("complexes")
        .order_by("hire_to", "pk")
    )
    sites = list(company.sites.all())
    held = {row.program_id: row for row in ProgramCompany.objects.filter(company=company)}
    found = []
    for program in programs:
        complex_ids = {c.pk for c in program.complexes.all()}
        in_complex = next((s.complex_id for s in sites if s.complex_id in complex_ids), None)
        facts = rules.Facts(
            # The person's facts are placeholders: their rules are left out below.
            birth_year=today.year - 25,
            birth_month=1,
            hire_date=today,
            incheon_resident=True,
            root_company=company.is_root_industry,
            complex_id=in_complex,
            employees=company.employees or 0,
            annual_sales=None,
            full_time=True,
            contract_months=0,
            seen_before=False,
        )
        unknown = []
        checks = []
        for check in rules.evaluate(program, facts, complex_ids):
            if check["rule"] not in COMPANY_RULES:
                continue
            if check["rule"] == "employees" and company.employees is None:
                unknown.append(_("상시 근로자 수(기업 정보에 없음)"))
                continue
            checks.append(rules.explain(check, {c.pk: str(c.name) for c in program.complexes.all()}))
        if program.min_sales is not None:
            unknown.append(_("연 매출액(신청서에서 입력)"))
        row = held.get(program.pk)
        cap = (
            row.cap
            if row
            else (program.per_root_company_cap if company.is_root_industry else program.per_company_cap)
        )
        found.append(
            IncentiveCheck(
                program=program,
                checks=checks,
                unknown=unknown,
                company_places=cap - (row.approved if row else 0),
                people_places=program.headcount_cap - program.approved_headcount,
                budget_enough=program.budget - program.committed >= program.amount_per_person,
            )
        )
    return found


def incentive_check_text(checks: list[IncentiveCheck]) -> str:
    """The result a follow-up records: each programme's verdict, and what is left to the application."""
    if not checks:
        return _(
            "지금 채용하면 신청할 수 있는 청년 장려금 사업이 없습니다"
            "(접수 중이고 입사 기간이 맞는 사업 없음)."
        )
    verdicts = " ".join(check.text() for check in checks)
    return _("%(verdicts)s 개인 요건(나이·거주·계약)은 채용 뒤 신청서에서 확인합니다.") % {
        "verdicts": verdicts
    }
