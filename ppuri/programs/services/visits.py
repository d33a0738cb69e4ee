"""Writes of company visits (business retention and expansion): the visit with its survey, one
follow-up per red flag with an owner and a due date, the follow-up's routing into the platform, and
its end.

Routing (follow_up_route), each at most once per follow-up:
- hiring need → a DRAFT job posting for the company through talent.services (the company or the
  operator fixes the wage and opens it) and the company-level youth-incentive check, recorded as the
  follow-up's result;
- technology problem → a limit-technology case through challenges.services. The desk has no draft
  status: a case starts `submitted`, waiting for the operator's triage, so that is where it starts,
  confidential (the company, the operators and the expert assigned see it);
- expansion or site need → an investment-pipeline lead (origin: expansion) for the company.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ppuri.accounts.roles import runs_programs
from ppuri.challenges import services as desk
from ppuri.challenges import triage
from ppuri.challenges.models import Challenge
from ppuri.core import clock
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.programs.models import FollowUp, Lead, Visit
from ppuri.programs.selectors.visits import (
    ROUTABLE,
    follow_up_routed,
    incentive_check_text,
    may_route,
    youth_incentive_check,
)
from ppuri.programs.services.common import require_staff
from ppuri.programs.services.investment import LeadInput, lead_create
from ppuri.reference.models import Technology
from ppuri.registry.models import Organization
from ppuri.talent import services as talent
from ppuri.talent.models import EmploymentType, JobPosting, Shift

Kind = FollowUp.Kind
Risk = Visit.Risk
Plan = Visit.Plan

# How long a follow-up has by default. A working rule of the programme, not a deployment's setting,
# so a module constant: BRE practice answers a red flag within about two weeks, while the visit is
# fresh and the company can see it led somewhere; a company that may leave within the year gets a
# week for every flag it raised, since each need unmet is a reason to go and a relocation decision,
# once taken, is rarely reversed.
FOLLOW_UP_DAYS = 14
URGENT_FOLLOW_UP_DAYS = 7

# A draft posting's wage until the company sets its own: the 2026 legal minimum wage (10,320 KRW an
# hour) for the 209 paid hours of a 40-hour week's month. The company fixes it before opening.
DRAFT_MONTHLY_WAGE = 10_320 * 209

# The flags of the survey: (the flag's field, its detail's field).
FLAGS = {
    "hiring_need": "hiring_detail",
    "supplier_need": "supplier_detail",
    "technology_problem": "technology_detail",
    "regulation_issue": "regulation_detail",
    "site_need": "site_detail",
}
DETAIL_LIMIT = 300


@dataclass
class VisitInput:
    """A visit as typed. `owners` and `due_dates` override a follow-up's defaults by its kind."""

    organization: Organization
    visited_on: date
    met: str = ""
    plan: str = Plan.UNKNOWN
    relocation_risk: str = Risk.NONE
    hiring_need: bool = False
    hiring_detail: str = ""
    supplier_need: bool = False
    supplier_detail: str = ""
    technology_problem: bool = False
    technology_detail: str = ""
    regulation_issue: bool = False
    regulation_detail: str = ""
    site_need: bool = False
    site_detail: str = ""
    notes: str = ""
    summary_for_company: str = ""
    owners: dict[str, Any] = field(default_factory=dict)
    due_dates: dict[str, date] = field(default_factory=dict)


def follow_up_title(kind: str) -> str:
    """A follow-up's title, which the visited company reads: it names the help offered, never the
    red flag's detail or the risk rating (a relocation risk reads as a follow-up meeting)."""
    titles: dict[str, str] = {
        Kind.HIRING: _("채용 지원: 공고 작성과 청년 장려금 안내"),
        Kind.TECHNOLOGY: _("기술 애로 상담: 한계기술 지원 연계"),
        Kind.EXPANSION: _("확장·입지 상담"),
        Kind.RELOCATION: _("경영 여건 후속 상담"),
        Kind.SUPPLIER: _("협력업체 연계"),
        Kind.REGULATION: _("규제 애로 해소 지원"),
    }
    return titles.get(str(kind), _("후속 조치"))


def red_flags(visit: Visit | VisitInput) -> list[str]:
    """The follow-up kinds a survey raises, in the order the page lists them: an expansion plan and a
    site need share one EXPANSION follow-up, a downsizing plan and a medium or high relocation risk
    one RELOCATION follow-up."""
    kinds: list[str] = []
    if visit.hiring_need:
        kinds.append(Kind.HIRING)
    if visit.technology_problem:
        kinds.append(Kind.TECHNOLOGY)
    if visit.plan == Plan.EXPAND or visit.site_need:
        kinds.append(Kind.EXPANSION)
    if visit.relocation_risk in (Risk.MEDIUM, Risk.HIGH) or visit.plan == Plan.DOWNSIZE:
        kinds.append(Kind.RELOCATION)
    if visit.supplier_need:
        kinds.append(Kind.SUPPLIER)
    if visit.regulation_issue:
        kinds.append(Kind.REGULATION)
    return kinds


def default_due_on(visit: Visit | VisitInput) -> date:
    days = URGENT_FOLLOW_UP_DAYS if visit.relocation_risk == Risk.HIGH else FOLLOW_UP_DAYS
    return visit.visited_on + timedelta(days=days)


def _clean_visit(data: VisitInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.organization.kind != Organization.Kind.COMPANY:
        errors["organization"] = _("기업 방문은 등록된 기업에만 기록할 수 있습니다.")
    if data.visited_on > clock.today():
        errors["visited_on"] = _("방문일이 오늘보다 뒤입니다. 방문한 뒤에 기록해 주세요.")
    if data.plan not in Plan.values:
        errors["plan"] = _("확장·축소 계획을 목록에서 고르세요.")
    if data.relocation_risk not in Risk.values:
        errors["relocation_risk"] = _("이전 가능성을 목록에서 고르세요.")
    met = data.met.strip()
    if len(met) > 200:
        errors["met"] = _("%(limit)d자까지 쓸 수 있습니다.") % {"limit": 200}
    details = {}
    for flag, detail_field in FLAGS.items():
        detail = str(getattr(data, detail_field)).strip()
        if len(detail) > DETAIL_LIMIT:
            errors[detail_field] = _("%(limit)d자까지 쓸 수 있습니다.") % {"limit": DETAIL_LIMIT}
        elif getattr(data, flag) and not detail:
            # The follow-up works from it: a posting's title, a case's problem, a lead's site needs.
            errors[detail_field] = _("표시한 애로의 내용을 적어 주세요.")
        details[detail_field] = detail
    for name in ("notes", "summary_for_company"):
        if len(getattr(data, name)) > 10_000:
            errors[name] = _("%(limit)s자까지 쓸 수 있습니다.") % {"limit": "10,000"}
    kinds = set(red_flags(data))
    for kind, owner in data.owners.items():
        if kind not in kinds:
            errors[f"owner_{kind}"] = _("이 항목의 애로를 표시하지 않아 후속 조치가 생기지 않습니다.")
        elif owner is not None and not runs_programs(owner):
            errors[f"owner_{kind}"] = _("담당자는 운영기관이나 인천시 담당자 중에서 고르세요.")
    for kind, due in data.due_dates.items():
        if kind not in kinds:
            errors[f"due_{kind}"] = _("이 항목의 애로를 표시하지 않아 후속 조치가 생기지 않습니다.")
        elif due < data.visited_on:
            errors[f"due_{kind}"] = _("기한이 방문일보다 앞섭니다.")
    if errors:
        raise ValidationError(errors)
    return {
        "organization": data.organization,
        "visited_on": data.visited_on,
        "met": met,
        "plan": data.plan,
        "relocation_risk": data.relocation_risk,
        **{flag: bool(getattr(data, flag)) for flag in FLAGS},
        **details,
        "notes": data.notes.strip(),
        "summary_for_company": data.summary_for_company.strip(),
    }


@transaction.atomic
def visit_log(*, actor: Any, data: VisitInput) -> Visit:
    """The visit and one follow-up per red flag, each owned by the visitor unless another owner is
    chosen, due FOLLOW_UP_DAYS after the visit (URGENT_FOLLOW_UP_DAYS for a high relocation risk)."""
    require_staff(actor)
    visit = Visit.objects.create(visitor=actor, **_clean_visit(data))
    due = default_due_on(visit)
    follow_ups = [
        FollowUp.objects.create(
            visit=visit,
            kind=kind,
            title=follow_up_title(kind),
            owner=data.owners.get(kind) or actor,
            due_on=data.due_dates.get(kind) or due,
        )
        for kind in red_flags(visit)
    ]
    activity_log(
        actor=actor,
        verb="programs.visit.logged",
        target=visit,
        summary=lambda: _("기업 방문을 기록했습니다(후속 조치 %(n)d건).") % {"n": len(follow_ups)},
        data={"follow_ups": [f.pk for f in follow_ups]},
    )
    for follow_up in follow_ups:
        if follow_up.owner_id != actor.pk:
            _tell_owner(visit, follow_up)
    return visit


def _tell_owner(visit: Visit, follow_up: FollowUp) -> None:
    notify(
        recipients=[follow_up.owner],
        verb="programs.follow_up.assigned",
        summary=lambda: (
            _("기업 방문 후속 조치를 맡았습니다: %(company)s, %(due)s까지")
            % {"company": visit.organization.display_name, "due": follow_up.due_on.isoformat()}
        ),
        url=visit.get_absolute_url(),
    )


def _locked(follow_up: FollowUp) -> FollowUp:
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("visit__organization", "owner")
        .get(pk=follow_up.pk)
    )


def _require_open(follow_up: FollowUp) -> None:
    if follow_up.status != FollowUp.Status.OPEN:
        raise ValidationError(_("끝났거나 취소된 후속 조치입니다."))


def _posting_technology(visit: Visit) -> Technology:
    """The draft posting's root technology: the one the hiring need names, else the company's most
    common among its capabilities and its KSIC-based technologies."""
    named = triage.classify(visit.hiring_detail).values["technology"]
    if named:
        return Technology.objects.get(slug=named)
    company = visit.organization
    counts: dict[int, int] = {}
    for technology_id in company.capabilities.values_list("process__technology", flat=True):
        counts[technology_id] = counts.get(technology_id, 0) + 1
    for technology_id in company.technologies.values_list("technology", flat=True):
        counts.setdefault(technology_id, 0)
    if not counts:
        raise ValidationError(
            {
                "hiring_detail": _(
                    "기업의 뿌리기술을 알 수 없어 공고 초안을 만들 수 없습니다. 채용 수요 내용에 "
                    "직무의 기술(예: 용접, 도장)을 적거나 기업 정보에 공정을 등록해 주세요."
                )
            }
        )
    best = max(sorted(counts), key=lambda pk: counts[pk])
    return Technology.objects.get(pk=best)


def _draft_posting(actor: Any, follow_up: FollowUp) -> JobPosting:
    visit = follow_up.visit
    company = visit.organization
    site = company.sites.order_by("-is_primary", "pk").first()
    description = _(
        "기업 방문(%(day)s)에서 확인한 채용 수요: %(detail)s\n"
        "초안입니다. 게시하기 전에 임금, 근무 형태와 필요한 자격을 기업과 확인해 고쳐 주세요."
    ) % {"day": visit.visited_on.isoformat(), "detail": visit.hiring_detail}
    return talent.job_create(
        actor=actor,
        company=company,
        data=talent.JobInput(
            title=visit.hiring_detail[:200],
            description=description,
            technology=_posting_technology(visit),
            processes=[],
            required_qualifications=[],
            preferred_qualifications=[],
            experience_years_min=0,
            employment_type=EmploymentType.FULL_TIME,
            shift=Shift.DAY,
            wage_min=DRAFT_MONTHLY_WAGE,
            wage_max=DRAFT_MONTHLY_WAGE,
            site=site,
            complex=None,
            dormitory=False,
            commuter_bus=False,
            positions=1,
            closes_on=None,
        ),
    )


def _draft_case(actor: Any, follow_up: FollowUp) -> Challenge:
    visit = follow_up.visit
    description = _(
        "기업 방문(%(day)s)에서 확인한 기술 애로입니다.\n%(detail)s\n"
        "운영기관이 기업과 내용을 보완한 뒤 분류합니다."
    ) % {"day": visit.visited_on.isoformat(), "detail": visit.technology_detail}
    return desk.challenge_create(
        actor=actor,
        company=visit.organization,
        title=visit.technology_detail[:200],
        description=description,
        confidentiality=Challenge.Confidentiality.CONFIDENTIAL,
    )


def _expansion_lead(actor: Any, follow_up: FollowUp) -> Lead:
    visit = follow_up.visit
    company = visit.organization
    site_needs = visit.site_detail or _("방문에서 확장 계획을 확인했습니다(부지·시설 수요는 아직 모름).")
    return lead_create(
        actor=actor,
        data=LeadInput(
            # Unique and telling nothing to someone who glimpses it: the follow-up's number.
            code_name=f"EXP-{visit.visited_on:%Y}-{follow_up.pk:05d}",
            investor_name=company.name,
            origin=Lead.Origin.EXPANSION,
            country="KR",
            sector=Lead.Sector.ROOT if company.is_root_industry else Lead.Sector.OTHER,
            summary=_("%(company)s 기업 방문(%(day)s)에서 나온 확장·입지 수요입니다.")
            % {"company": company.name, "day": visit.visited_on.isoformat()},
            site_needs=site_needs,
            organization=company,
            officer=follow_up.owner if runs_programs(follow_up.owner) else actor,
            next_step=follow_up.title,
            next_step_on=follow_up.due_on,
        ),
    )


@transaction.atomic
def follow_up_route(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    """Open what the follow-up's red flag calls for (see the module's docstring) and link it; a
    follow-up already routed is returned as it is, so routing twice creates nothing twice."""
    require_staff(actor)
    follow_up = _locked(follow_up)
    if follow_up_routed(follow_up):
        return follow_up
    _require_open(follow_up)
    if follow_up.kind not in ROUTABLE:
        raise ValidationError(_("이 종류의 후속 조치는 연결할 곳이 없습니다. 처리 결과를 기록해 주세요."))
    if not may_route(actor, follow_up):
        raise PermissionDenied(
            _(
                "채용 공고 초안과 한계기술 과제는 기업을 대신해 운영기관 담당자가 엽니다. "
                "운영기관에 넘겨 주세요."
            )
        )
    data: dict[str, Any] = {"kind": follow_up.kind}
    if follow_up.kind == Kind.HIRING:
        follow_up.posting = _draft_posting(actor, follow_up)
        checks = youth_incentive_check(user=actor, company=follow_up.visit.organization)
        text = _("채용 공고 초안을 만들었습니다. %(check)s") % {"check": incentive_check_text(checks)}
        follow_up.result = text if len(text) <= 300 else text[:299] + "…"
        data.update(
            posting=follow_up.posting.pk,
            incentive_programs=[{"program": c.program.pk, "eligible": c.eligible} for c in checks],
        )
    elif follow_up.kind == Kind.TECHNOLOGY:
        follow_up.challenge = _draft_case(actor, follow_up)
        follow_up.result = _("한계기술 과제를 접수했습니다(운영기관 분류 대기).")
        data["challenge"] = follow_up.challenge.pk
    else:
        follow_up.lead = _expansion_lead(actor, follow_up)
        follow_up.result = _("투자 유치 대상(기존 기업 확장)으로 등록했습니다.")
        data["lead"] = follow_up.lead.pk
    data["result"] = follow_up.result
    follow_up.save(update_fields=["posting", "challenge", "lead", "result", "updated_at"])
    activity_log(
        actor=actor,
        verb="programs.follow_up.routed",
        target=follow_up.visit,
        summary=lambda: _("후속 조치를 연결했습니다: %(title)s") % {"title": follow_up.title},
        data=data,
    )
    return follow_up


def _close(*, actor: Any, follow_up: FollowUp, status: str, result: str) -> FollowUp:
    require_staff(actor)
    result = result.strip()
    if not result:
        raise ValidationError({"result": _("처리 결과를 적어 주세요.")})
    if len(result) > 300:
        raise ValidationError({"result": _("%(limit)d자까지 쓸 수 있습니다.") % {"limit": 300}})
    follow_up = _locked(follow_up)
    _require_open(follow_up)
    follow_up.status = status
    follow_up.result = result
    follow_up.done_on = clock.today()
    follow_up.save(update_fields=["status", "result", "done_on", "updated_at"])
    done = status == FollowUp.Status.DONE
    activity_log(
        actor=actor,
        verb="programs.follow_up.done" if done else "programs.follow_up.cancelled",
        target=follow_up.visit,
        summary=lambda: (
            (_("후속 조치를 마쳤습니다: %(title)s") if done else _("후속 조치를 취소했습니다: %(title)s"))
            % {"title": follow_up.title}
        ),
        data={"follow_up": follow_up.pk},
    )
    return follow_up


@transaction.atomic
def follow_up_done(*, actor: Any, follow_up: FollowUp, result: str) -> FollowUp:
    """The follow-up's end, with what came of it (it replaces a routing's note, which the visit's
    change log keeps)."""
    return _close(actor=actor, follow_up=follow_up, status=FollowUp.Status.DONE, result=result)


@transaction.atomic
def follow_up_cancel(*, actor: Any, follow_up: FollowUp, result: str) -> FollowUp:
    """The follow-up dropped, with why (the company solved it, it was no red flag after all)."""
    return _close(actor=actor, follow_up=follow_up, status=FollowUp.Status.CANCELLED, result=result)
