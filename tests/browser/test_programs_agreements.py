"""The 2019 agreement in a real browser (issue 17, done when 2): a city official signs in with the second
factor, opens the agreement's page, reads the status rule and the commitments, clicks the experts'
figure and lands on the records behind it — the desk's experts who took cases in the period."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import Role
from ppuri.challenges.models import Challenge, Offer
from ppuri.core import clock
from ppuri.programs.models import Agreement
from tests.browser.conftest import log_in
from tests.desk_fixtures import make_expert
from tests.factories import OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 3, 1)
EXPERTS = ("김담금", "이도금", "박주조")


@pytest.fixture
def records():
    """Three POSCO experts who accepted desk cases in 2021, one KITECH expert whose offer was declined."""
    UserFactory(username="city-official", role=Role.CITY, display_name="인천시 뿌리산업팀 담당자")
    posco = OrganizationFactory(name="포스코 기술연구원", kind="research_institute")
    kitech = OrganizationFactory(name="한국생산기술연구원", kind="research_institute")
    company = OrganizationFactory(name="인천정밀주조(주)")
    accepted = datetime.combine(date(2021, 5, 3), time(10), tzinfo=ZoneInfo("Asia/Seoul"))
    for n, name in enumerate(EXPERTS):
        case = Challenge.objects.create(company=company, title=f"주조 과제 {n}", description="기공 불량")
        Offer.objects.create(
            challenge=case,
            expert=make_expert(name, posco),
            status=Offer.Status.ACCEPTED,
            responded_at=accepted,
        )
    Offer.objects.create(
        challenge=case,
        expert=make_expert("최거절", kitech),
        status=Offer.Status.DECLINED,
        responded_at=accepted,
    )
    agreement = Agreement.objects.get(slug="incheon-root-2019")
    return agreement, agreement.commitments.get(code="1")


def test_a_city_official_drills_from_a_commitment_to_the_records_behind_it(page, records):
    agreement, experts = records
    period = experts.periods.get()
    with clock.fixed(TODAY):
        log_in(page, "city-official")
        page.goto(agreement.get_absolute_url())
        expect(page.get_by_test_id("agreement-title")).to_have_text("인천뿌리산업 지원 협력 협약")
        expect(page.get_by_test_id("status-rule")).to_contain_text("90% 이상이면 ‘정상 추진’")
        expect(page.get_by_test_id("commitment-table").locator("tbody tr")).to_have_count(11)
        expect(page.get_by_test_id(f"verification-{agreement.commitments.get(code='4').pk}")).to_have_text(
            "미확인"
        )
        actual = page.get_by_test_id(f"actual-{period.pk}")
        expect(actual).to_have_text("3명")  # the staff read the figure exactly
        expect(page.get_by_test_id(f"status-{period.pk}")).to_have_text("부진")  # 3 of 180 expected
        actual.click()

        expect(page).to_have_url(
            re.compile(rf"/programs/commitments/{experts.pk}/periods/{period.pk}/records/$")
        )
        expect(page.get_by_test_id("records-actual")).to_have_text("3명")
        expect(page.get_by_test_id("records-source")).to_contain_text("기록 집계")
        rows = page.get_by_test_id("records").get_by_test_id("record")
        expect(rows).to_have_count(3)
        for name in EXPERTS:
            expect(page.get_by_test_id("records")).to_contain_text(name)
        expect(page.get_by_test_id("records")).not_to_contain_text("최거절")  # declined: not active
        expect(page.get_by_test_id("records")).to_contain_text("포스코 기술연구원")
