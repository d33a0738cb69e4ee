"""/programs/ for each kind of visitor, and the programmes on the workspace (/home/): each person sees
their own programme work and nobody else's."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ppuri.core import clock
from ppuri.programs.models import Event, Lead
from ppuri.programs.services import agreements as programme
from ppuri.programs.services import investment, visits
from tests.conftest import client_for
from tests.programs.conftest_events import join, make_event
from tests.programs.projects_setup import build_namdong

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes(city_official, operator, supplier, supplier_admin):
    """A public and a non-public project; leads in four stages (one due this week, the city official's);
    two visits to 세광주조 by the city official, one with an overdue follow-up; an open matchmaking day
    세광주조 takes part in and a draft one."""
    build_namdong(operator)
    build_namdong(operator, slug="hidden-project", public=False)
    for code_name, stage in (("PROJECT LOI", "loi"), ("PROJECT CONTACT-1", "contact"),
                             ("PROJECT CONTACT-2", "contact")):  # fmt: skip
        Lead.objects.create(code_name=code_name, stage=stage)
    Lead.objects.create(code_name="PROJECT LOST", stage=Lead.Stage.LOST, lost_reason="타 지역 선택")
    Lead.objects.create(code_name="PROJECT OVERVIEW", stage=Lead.Stage.MOU, officer=city_official,
                        next_step="현장 방문", next_step_on=clock.today() + timedelta(days=3))  # fmt: skip
    for visited_on, detail in (
        (clock.today() - timedelta(days=30), "용접공 2명"),
        (clock.today(), "도장공 1명"),
    ):
        visits.visit_log(
            actor=city_official,
            data=visits.VisitInput(
                organization=supplier,
                visited_on=visited_on,
                hiring_need=True,
                hiring_detail=detail,
                notes="VISITNOTE 내부 메모",
                summary_for_company="청년 채용 지원 안내",
            ),
        )
    open_day = make_event(city_official)
    open_day.title = "남동 구매상담회"
    open_day.save(update_fields=["title"])
    join(open_day, supplier, supplier_admin)
    draft = make_event(city_official, status=Event.Status.DRAFT)
    draft.title = "준비 중인 상담회"
    draft.save(update_fields=["title"])


def _index(client) -> str:
    return client.get(reverse("programs:index")).content.decode()


def _pipeline(page: str) -> dict[str, int]:
    """The pipeline table as stage label → count."""
    table = re.search(r'data-testid="pipeline">(.*?)</table>', page, re.DOTALL)
    assert table is not None
    labels = re.findall(r'<th scope="col">(.*?)</th>', table.group(1))
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", table.group(1))]
    return dict(zip(labels, counts, strict=True))


def test_anonymous_visitors_see_the_agreement_public_projects_and_open_days_only(client, programmes):
    page = _index(client)
    assert "인천뿌리산업 지원 협력 협약" in page
    assert page.count("남동산단 재생사업") == 1  # the non-public project is not listed
    assert "남동 구매상담회" in page and "준비 중인 상담회" not in page
    assert 'data-testid="pipeline"' not in page and 'data-testid="follow-ups"' not in page
    assert "PROJECT" not in page and "기업 방문" not in page and "VISITNOTE" not in page


def test_the_city_sees_the_pipeline_by_stage_and_the_follow_ups(city_official, programmes):
    page = _index(client_for(city_official))
    assert _pipeline(page) == {
        "발굴": 0,
        "접촉": 2,
        "현장 방문": 0,
        "투자의향서(LOI)": 1,
        "양해각서(MOU)": 1,
        "투자 실현": 0,
        "무산": 1,
    }
    # Two open follow-ups (one per visit); the month-old visit's is past its 14 days.
    assert "진행 중인 후속 조치 2건, 그중 기한이 지난 것 1건." in page
    assert page.count("남동산단 재생사업") == 2  # the staff see the non-public project too
    assert (
        "남동 구매상담회" in page and "준비 중인 상담회" not in page
    )  # announced days only, drafts on /events/


def test_a_company_sees_the_public_overview_without_the_staffs_sections(supplier_admin, programmes):
    page = _index(client_for(supplier_admin))
    assert "인천뿌리산업 지원 협력 협약" in page and page.count("남동산단 재생사업") == 1
    assert 'data-testid="pipeline"' not in page and 'data-testid="follow-ups"' not in page
    assert "PROJECT" not in page and "VISITNOTE" not in page


def test_the_english_page(client, programmes):
    page = client.get(reverse("programs:index"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en"' in page
    assert "Incheon Root Industry Support Cooperation Agreement" in page
    assert "Namdong complex regeneration" in page


# --- the workspace ------------------------------------------------------------------------------


def _workspace(user) -> str:
    response = client_for(user).get(reverse("workspace"))
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, key: str) -> str | None:
    found = re.search(
        rf'<section class="card" data-attention="{re.escape(key)}".*?</section>', page, re.DOTALL
    )
    return found.group(0) if found else None


def test_the_owner_of_follow_ups_and_leads_sees_them_on_the_workspace(city_official, programmes):
    page = _workspace(city_official)
    follow_ups = _card(page, "programs.follow_ups")
    assert follow_ups is not None
    assert (
        follow_ups.count("세광주조(주) · 채용 지원: 공고 작성과 청년 장려금 안내") == 2
        and "기한 지남" in follow_ups
    )
    leads = _card(page, "programs.leads")
    assert leads is not None and "PROJECT OVERVIEW" in leads
    assert "PROJECT LOI" not in leads  # no next step this week


def test_another_officer_sees_none_of_the_city_officials_follow_ups_or_leads(fez_officer, programmes):
    page = _workspace(fez_officer)
    follow_ups, leads = _card(page, "programs.follow_ups"), _card(page, "programs.leads")
    assert follow_ups is not None and "맡은 후속 조치가 없습니다." in follow_ups
    assert leads is not None and "PROJECT OVERVIEW" not in leads
    assert _card(page, "programs.company") is None and _card(page, "programs.figures") is None


def test_a_company_sees_its_visits_and_matchmaking_days(supplier_admin, other_admin, seeker, programmes):
    company = _card(_workspace(supplier_admin), "programs.company")
    assert company is not None
    assert company.count("세광주조(주) 기업 방문") == 2 and "남동 구매상담회" in company
    assert "준비 중인 상담회" not in company and "VISITNOTE" not in company
    # A company neither visited nor taking part, and a seeker: no programme card at all.
    for user in (other_admin, seeker):
        assert "programs." not in _workspace(user), user
    supplier_page = _workspace(supplier_admin)
    assert (
        _card(supplier_page, "programs.follow_ups") is None and _card(supplier_page, "programs.leads") is None
    )


def test_a_partner_editor_is_asked_for_the_figures_until_they_are_reported(city_official, seeker, operator):
    agreement = programme.agreement_create(
        actor=city_official,
        data=programme.AgreementInput(
            slug="ws-agreement", title="실적 입력 협약", signed_on=date(2025, 1, 1)
        ),
    )
    partner = programme.partner_add(
        actor=city_official,
        agreement=agreement,
        data=programme.PartnerInput(name="입력기관", editors=["seeker"]),
    )
    commitment = programme.commitment_create(
        actor=city_official,
        agreement=agreement,
        data=programme.CommitmentInput(
            partner=partner, code="1", title="교육 운영", indicator="교육 횟수", unit="회"
        ),
    )
    period = programme.period_add(
        actor=city_official,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), target=4
        ),
    )
    figures = _card(_workspace(seeker), "programs.figures")
    assert figures is not None and "교육 운영" in figures and commitment.get_absolute_url() in figures
    # The staff are not the partner's editors: nothing to report on their workspace.
    assert _card(_workspace(operator), "programs.figures") is None
    programme.period_report(actor=seeker, period=period, actual=4, evidence="교육 결과보고서")
    assert _card(_workspace(seeker), "programs.figures") is None


def test_a_lead_without_an_officer_is_due_for_every_officer(fez_officer, city_official):
    investment.lead_create(
        actor=city_official,
        data=investment.LeadInput(
            code_name="PROJECT UNASSIGNED", next_step_on=clock.today() + timedelta(days=1)
        ),
    )
    for user in (fez_officer, city_official):
        leads = _card(_workspace(user), "programs.leads")
        assert leads is not None and "PROJECT UNASSIGNED" in leads, user
