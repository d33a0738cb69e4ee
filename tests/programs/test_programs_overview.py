"""/programs/ for each kind of visitor, and the programmes on the workspace."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ppuri.core import clock
from ppuri.programs.models import Lead
from ppuri.programs.services import agreements as programme
from ppuri.programs.services import visits
from tests.conftest import client_for
from tests.programs.projects_setup import build_namdong

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes(city_official, operator, supplier):
    build_namdong(operator)
    build_namdong(operator, slug="hidden-project", public=False)
    Lead.objects.create(code_name="PROJECT OVERVIEW", stage=Lead.Stage.LOI, officer=city_official,
                        next_step="현장 방문", next_step_on=clock.today() + timedelta(days=3))  # fmt: skip
    visits.visit_log(
        actor=city_official,
        data=visits.VisitInput(
            organization=supplier,
            visited_on=clock.today() - timedelta(days=30),
            hiring_need=True,
            hiring_detail="용접공 2명",
            summary_for_company="청년 채용 지원 안내",
        ),
    )


def test_anonymous_visitors_see_the_agreement_and_public_projects_only(client, programmes):
    page = client.get(reverse("programs:index")).content.decode()
    assert "인천뿌리산업 지원 협력 협약" in page
    assert "남동산단 재생사업" in page
    assert page.count("남동산단 재생사업") == 1  # the non-public one is not listed
    assert 'data-testid="pipeline"' not in page and "PROJECT OVERVIEW" not in page
    assert "후속 조치" not in page


def test_the_city_sees_the_pipeline_and_the_follow_ups(city_official, programmes):
    page = client_for(city_official).get(reverse("programs:index")).content.decode()
    assert 'data-testid="pipeline"' in page
    assert "진행 중인 후속 조치 1건, 그중 기한이 지난 것 1건." in page
    assert page.count("남동산단 재생사업") == 2  # the staff see the non-public project too


def test_a_company_sees_no_pipeline(supplier_admin, programmes):
    page = client_for(supplier_admin).get(reverse("programs:index")).content.decode()
    assert 'data-testid="pipeline"' not in page and "PROJECT OVERVIEW" not in page


def test_the_english_page(client, programmes):
    page = client.get(reverse("programs:index"), headers={"accept-language": "en"}).content.decode()
    assert "Incheon Root Industry Support Cooperation Agreement" in page


def _workspace(user) -> str:
    return client_for(user).get(reverse("workspace")).content.decode()


def test_the_workspace_shows_each_their_programme_work(city_official, supplier_admin, seeker, programmes):
    city = _workspace(city_official)
    assert 'data-attention="programs.follow_ups"' in city and 'data-attention="programs.leads"' in city
    assert "PROJECT OVERVIEW" in city
    company = _workspace(supplier_admin)
    assert 'data-attention="programs.company"' in company and "PROJECT OVERVIEW" not in company
    assert "programs." not in _workspace(seeker)


def test_a_partner_editor_is_asked_for_the_figures(city_official, seeker):
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
    programme.period_add(
        actor=city_official,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), target=4
        ),
    )
    page = _workspace(seeker)
    assert 'data-attention="programs.figures"' in page and "교육 운영" in page
