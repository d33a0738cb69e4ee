"""Company visits' services: one follow-up per red flag with its owner and due date, routing each into
the platform exactly once (a draft posting with the youth-incentive check, a desk case, an expansion
lead), closing follow-ups, and every refusal changing nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ppuri.challenges.models import Challenge
from ppuri.core.notifications import Notification
from ppuri.programs.models import FollowUp, Lead, LeadStageChange, Visit
from ppuri.programs.selectors import visits as selectors
from ppuri.programs.services import visits as services
from ppuri.programs.services.visits import FOLLOW_UP_DAYS, URGENT_FOLLOW_UP_DAYS
from ppuri.talent.models import JobPosting
from tests.factories import OrganizationFactory
from tests.programs.conftest_leads_visits import *  # noqa: F403 (the fixtures)
from tests.programs.conftest_leads_visits import follow_up_of, hiring_visit, visit_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

Kind = FollowUp.Kind
VISITED_ON = date(2026, 5, 18)


def state() -> tuple:
    return (
        list(Visit.objects.order_by("pk").values()),
        list(FollowUp.objects.order_by("pk").values()),
        list(JobPosting.objects.order_by("pk").values()),
        list(Challenge.objects.order_by("pk").values()),
        list(Lead.objects.order_by("pk").values()),
        list(LeadStageChange.objects.order_by("pk").values()),
    )


ALL_FLAGS = {
    "plan": Visit.Plan.EXPAND,
    "relocation_risk": Visit.Risk.MEDIUM,
    "hiring_need": True,
    "hiring_detail": "CO2 용접공 2명",
    "technology_problem": True,
    "technology_detail": "후판 용접부 균열이 반복됩니다",
    "site_need": True,
    "site_detail": "공장 증설 부지 3,000㎡",
    "supplier_need": True,
    "supplier_detail": "도금 협력업체",
    "regulation_issue": True,
    "regulation_detail": "폐수 배출 허가 지연",
}


# --- logging a visit -------------------------------------------------------------------------------


def test_each_red_flag_becomes_one_follow_up_owned_by_the_visitor(operator, visited):
    visit = services.visit_log(actor=operator, data=visit_input(visited, **ALL_FLAGS))

    follow_ups = list(visit.follow_ups.order_by("pk"))
    assert [f.kind for f in follow_ups] == [
        Kind.HIRING,
        Kind.TECHNOLOGY,
        Kind.EXPANSION,  # the expansion plan and the site need: one
        Kind.RELOCATION,
        Kind.SUPPLIER,
        Kind.REGULATION,
    ]
    assert {f.owner for f in follow_ups} == {operator}
    assert {f.due_on for f in follow_ups} == {VISITED_ON + timedelta(days=FOLLOW_UP_DAYS)}
    assert {f.status for f in follow_ups} == {FollowUp.Status.OPEN}
    assert visit.visitor == operator


def test_a_high_relocation_risk_brings_every_due_date_forward(city_official, visited):
    visit = services.visit_log(
        actor=city_official,
        data=visit_input(visited, relocation_risk="high", hiring_need=True, hiring_detail="도장공 1명"),
    )
    assert {f.kind for f in visit.follow_ups.all()} == {Kind.HIRING, Kind.RELOCATION}
    assert {f.due_on for f in visit.follow_ups.all()} == {VISITED_ON + timedelta(days=URGENT_FOLLOW_UP_DAYS)}
    assert URGENT_FOLLOW_UP_DAYS < FOLLOW_UP_DAYS


@pytest.mark.parametrize(
    ("survey", "kinds"),
    [
        ({}, []),
        ({"plan": "downsize"}, [Kind.RELOCATION]),
        ({"relocation_risk": "low"}, []),
        ({"plan": "expand"}, [Kind.EXPANSION]),
        ({"site_need": True, "site_detail": "물류창고"}, [Kind.EXPANSION]),
        ({"plan": "downsize", "relocation_risk": "high"}, [Kind.RELOCATION]),
    ],
)
def test_which_answers_raise_which_follow_ups(operator, visited, survey, kinds):
    visit = services.visit_log(actor=operator, data=visit_input(visited, **survey))
    assert list(visit.follow_ups.values_list("kind", flat=True)) == kinds


def test_another_owner_and_due_date_may_be_chosen_and_the_owner_is_told(operator, city_official, visited):
    visit = hiring_visit(
        operator,
        visited,
        owners={Kind.HIRING: city_official},
        due_dates={Kind.HIRING: date(2026, 5, 25)},
    )
    hiring = follow_up_of(visit, Kind.HIRING)
    assert hiring.owner == city_official and hiring.due_on == date(2026, 5, 25)
    assert Notification.objects.filter(recipient=city_official, verb="programs.follow_up.assigned").exists()
    assert not Notification.objects.filter(recipient=operator).exists()


def test_follow_up_titles_name_the_help_not_the_red_flag(operator, visited):
    with translation.override("ko"):
        visit = services.visit_log(actor=operator, data=visit_input(visited, **ALL_FLAGS))
    titles = " ".join(visit.follow_ups.values_list("title", flat=True))
    for secret in ("CO2", "균열", "이전", "폐수", "도금", "3,000"):
        assert secret not in titles


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hiring_need": True, "hiring_detail": " "}, "hiring_detail"),
        ({"technology_problem": True}, "technology_detail"),
        ({"site_need": True}, "site_detail"),
        ({"supplier_need": True}, "supplier_detail"),
        ({"regulation_issue": True}, "regulation_detail"),
        ({"hiring_detail": "가" * 301}, "hiring_detail"),
        ({"visited_on": date(2026, 5, 21)}, "visited_on"),
        ({"plan": "explode"}, "plan"),
        ({"relocation_risk": "certain"}, "relocation_risk"),
        ({"met": "가" * 201}, "met"),
        ({"notes": "작업자 900101-1234567"}, "notes"),
        ({"due_dates": {"hiring": date(2026, 6, 1)}}, "due_hiring"),  # no hiring need flagged
        (
            {"hiring_need": True, "hiring_detail": "용접공", "due_dates": {"hiring": date(2026, 5, 1)}},
            "due_hiring",
        ),
    ],
)
def test_bad_visit_input_is_refused_naming_the_field(operator, visited, change, field):
    with pytest.raises(ValidationError) as refused:
        services.visit_log(actor=operator, data=visit_input(visited, **change))
    assert field in refused.value.message_dict
    assert state() == ([], [], [], [], [], [])


def test_a_follow_up_owner_must_be_programme_staff(operator, visited, visited_member):
    with pytest.raises(ValidationError) as refused:
        hiring_visit(operator, visited, owners={Kind.HIRING: visited_member})
    assert list(refused.value.message_dict) == ["owner_hiring"]
    assert not Visit.objects.exists()


def test_only_companies_are_visited(operator):
    institute = OrganizationFactory(name="한국생산기술연구원", kind="research_institute")
    with pytest.raises(ValidationError) as refused:
        services.visit_log(actor=operator, data=visit_input(institute))
    assert "organization" in refused.value.message_dict
    assert not Visit.objects.exists()


def test_nobody_but_the_staff_logs_a_visit(visited, visited_member, seeker, expert, labor_office):
    for actor in (visited_member, seeker, expert, labor_office):
        with pytest.raises(PermissionDenied):
            hiring_visit(actor, visited)
    assert not Visit.objects.exists() and not FollowUp.objects.exists()


# --- routing ---------------------------------------------------------------------------------------


def test_a_hiring_need_opens_a_draft_posting_and_checks_the_incentive_once(
    operator, visited, youth_programme
):
    hiring = follow_up_of(hiring_visit(operator, visited), Kind.HIRING)

    with translation.override("ko"):
        routed = services.follow_up_route(actor=operator, follow_up=hiring)
    posting = routed.posting
    assert posting.status == JobPosting.Status.DRAFT and posting.company == visited
    assert posting.title == "CO2 용접공 2명" and posting.technology.slug == "welding"
    assert "CO2 용접공 2명" in posting.description
    assert "인천 뿌리산업 청년 장려금" in routed.result and "기업 요건 충족" in routed.result
    assert "기업당 남은 자리 5명" in routed.result and "개인 요건" in routed.result
    assert routed.status == FollowUp.Status.OPEN

    again = services.follow_up_route(actor=operator, follow_up=hiring)
    assert again.posting == posting
    assert JobPosting.objects.count() == 1


def test_the_incentive_check_says_which_company_rule_fails(operator, youth_programme):
    small = OrganizationFactory(name="소형용접(주)", employees=3)
    from tests.factories import SiteFactory

    SiteFactory(organization=small)
    hiring = follow_up_of(hiring_visit(operator, small), Kind.HIRING)
    with translation.override("ko"):
        routed = services.follow_up_route(actor=operator, follow_up=hiring)
    assert "기업 요건 미충족" in routed.result and "상시 근로자 5명 이상(3명)" in routed.result


def test_the_incentive_check_without_an_open_programme_says_so(operator, visited):
    hiring = follow_up_of(hiring_visit(operator, visited), Kind.HIRING)
    with translation.override("ko"):
        routed = services.follow_up_route(actor=operator, follow_up=hiring)
    assert routed.posting is not None
    assert "신청할 수 있는 청년 장려금 사업이 없습니다" in routed.result


def test_youth_incentive_check_reads_the_company_rules(operator, visited, youth_programme):
    (check,) = selectors.youth_incentive_check(user=operator, company=visited)
    assert check.eligible
    assert [c["rule"] for c in check.checks] == ["root_company", "complex", "employees"]
    assert check.company_places == youth_programme.per_root_company_cap
    visited.employees = None
    (unknown,) = selectors.youth_incentive_check(user=operator, company=visited)
    assert not unknown.eligible and unknown.unknown


def test_a_technology_problem_opens_a_confidential_desk_case_once(operator, visited):
    visit = services.visit_log(
        actor=operator,
        data=visit_input(visited, technology_problem=True, technology_detail="후판 용접부 균열이 반복됩니다"),
    )
    technology = follow_up_of(visit, Kind.TECHNOLOGY)
    case = services.follow_up_route(actor=operator, follow_up=technology).challenge
    assert case.company == visited and case.status == Challenge.Status.SUBMITTED
    assert case.confidentiality == Challenge.Confidentiality.CONFIDENTIAL
    assert case.title == "후판 용접부 균열이 반복됩니다"
    services.follow_up_route(actor=operator, follow_up=technology)
    assert Challenge.objects.count() == 1


def test_an_expansion_becomes_an_expansion_lead_once(city_official, visited):
    visit = services.visit_log(
        actor=city_official,
        data=visit_input(visited, plan="expand", site_need=True, site_detail="증설 부지 3,000㎡"),
    )
    expansion = follow_up_of(visit, Kind.EXPANSION)
    lead = services.follow_up_route(actor=city_official, follow_up=expansion).lead
    assert lead.origin == Lead.Origin.EXPANSION and lead.organization == visited
    assert lead.site_needs == "증설 부지 3,000㎡" and lead.officer == city_official
    assert lead.stage == Lead.Stage.LEAD and lead.stage_changes.count() == 1
    services.follow_up_route(actor=city_official, follow_up=expansion)
    assert Lead.objects.count() == 1


def test_a_city_official_hands_postings_and_cases_to_the_operator(city_official, visited):
    visit = services.visit_log(
        actor=city_official,
        data=visit_input(
            visited,
            hiring_need=True,
            hiring_detail="용접공",
            technology_problem=True,
            technology_detail="균열",
        ),
    )
    before = state()
    for kind in (Kind.HIRING, Kind.TECHNOLOGY):
        follow_up = follow_up_of(visit, kind)
        assert not selectors.may_route(city_official, follow_up)
        with pytest.raises(PermissionDenied):
            services.follow_up_route(actor=city_official, follow_up=follow_up)
    assert state() == before


def test_others_cannot_route_or_close(operator, visited, visited_member, seeker):
    hiring = follow_up_of(hiring_visit(operator, visited), Kind.HIRING)
    before = state()
    for actor in (visited_member, seeker):
        with pytest.raises(PermissionDenied):
            services.follow_up_route(actor=actor, follow_up=hiring)
        with pytest.raises(PermissionDenied):
            services.follow_up_done(actor=actor, follow_up=hiring, result="완료")
        with pytest.raises(PermissionDenied):
            services.follow_up_cancel(actor=actor, follow_up=hiring, result="취소")
    assert state() == before


def test_flags_with_nowhere_to_go_are_not_routed(operator, visited):
    visit = services.visit_log(
        actor=operator, data=visit_input(visited, plan="downsize", supplier_need=True, supplier_detail="도금")
    )
    before = state()
    for kind in (Kind.RELOCATION, Kind.SUPPLIER):
        with pytest.raises(ValidationError):
            services.follow_up_route(actor=operator, follow_up=follow_up_of(visit, kind))
    assert state() == before


def test_a_closed_follow_up_is_not_routed(operator, visited):
    hiring = follow_up_of(hiring_visit(operator, visited), Kind.HIRING)
    services.follow_up_cancel(actor=operator, follow_up=hiring, result="회사가 자체 채용함")
    before = state()
    with pytest.raises(ValidationError):
        services.follow_up_route(actor=operator, follow_up=hiring)
    assert state() == before


def test_a_posting_needs_a_technology_to_be_drafted(operator):
    bare = OrganizationFactory(name="기술미상(주)")
    hiring = follow_up_of(
        services.visit_log(
            actor=operator, data=visit_input(bare, hiring_need=True, hiring_detail="생산직 3명")
        ),
        Kind.HIRING,
    )
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.follow_up_route(actor=operator, follow_up=hiring)
    assert "hiring_detail" in refused.value.message_dict
    assert state() == before


# --- closing ---------------------------------------------------------------------------------------


def test_done_and_cancel_record_a_result(operator, visited):
    visit = services.visit_log(actor=operator, data=visit_input(visited, **ALL_FLAGS))
    done = services.follow_up_done(
        actor=operator, follow_up=follow_up_of(visit, Kind.SUPPLIER), result="도금업체 3곳 소개"
    )
    assert (done.status, done.result, done.done_on) == ("done", "도금업체 3곳 소개", date(2026, 5, 20))
    cancelled = services.follow_up_cancel(
        actor=operator, follow_up=follow_up_of(visit, Kind.REGULATION), result="허가가 이미 났음"
    )
    assert cancelled.status == "cancelled"

    before = state()
    with pytest.raises(ValidationError):
        services.follow_up_done(actor=operator, follow_up=done, result="다시")
    for result, field in (("", "result"), ("가" * 301, "result")):
        with pytest.raises(ValidationError) as refused:
            services.follow_up_done(actor=operator, follow_up=follow_up_of(visit, Kind.HIRING), result=result)
        assert field in refused.value.message_dict
    assert state() == before


# --- what a company's member reads -----------------------------------------------------------------


def test_a_company_member_reads_its_own_visits_only(operator, visited, visited_member, supplier_admin):
    visit = hiring_visit(operator, visited)
    assert list(selectors.visits_for_company_members(visited_member)) == [visit]
    assert not selectors.visits_for_company_members(supplier_admin).exists()
    view = selectors.visit_view_for(visited_member, visit)
    assert not view.staff and view.summary == "용접공 채용 공고 작성을 돕기로 했습니다."
    assert [f.kind for f in view.follow_ups] == [Kind.HIRING]
