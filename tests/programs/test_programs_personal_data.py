"""The programmes in "my data": what a person did in them shows in the export, and deleting the
account keeps the work records (tied to the anonymised account) and ends the right to report."""

from datetime import date

import pytest

from ppuri.accounts.services import account_delete
from ppuri.core import personal_data
from ppuri.programs.models import Agreement, CommitmentPeriod, FollowUp, Lead, Partner, Visit
from ppuri.programs.services import agreements as programme
from ppuri.programs.services import visits
from tests.conftest import PASSWORD, client_for
from tests.programs.conftest_events import join, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(city_official, supplier, supplier_admin):
    """The city official logged a visit (a follow-up), is a lead's officer, organises a day and
    reports for a partner of a non-public agreement."""
    agreement = programme.agreement_create(
        actor=city_official,
        data=programme.AgreementInput(
            slug="md-agreement", title="내 정보 확인 협약", signed_on=date(2025, 1, 1)
        ),
    )
    partner = programme.partner_add(
        actor=city_official,
        agreement=agreement,
        data=programme.PartnerInput(name="내정보기관", editors=[city_official.username]),
    )
    commitment = programme.commitment_create(
        actor=city_official,
        agreement=agreement,
        data=programme.CommitmentInput(
            partner=partner, code="1", title="기업 상담 지원", indicator="상담 건수", unit="건"
        ),
    )
    period = programme.period_add(
        actor=city_official,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), target=5
        ),
    )
    programme.period_report(actor=city_official, period=period, actual=3, evidence="상담 일지 3건")
    visits.visit_log(
        actor=city_official,
        data=visits.VisitInput(
            organization=supplier, visited_on=date(2026, 11, 2), hiring_need=True, hiring_detail="용접공 2명"
        ),
    )
    Lead.objects.create(code_name="PROJECT MYDATA", officer=city_official)
    event = make_event(city_official)
    join(event, supplier, supplier_admin)
    return partner


def test_my_data_lists_the_programme_work(worked, city_official):
    sections = {s.key: s for s in personal_data.export(city_official)}
    rows = "\n".join(f"{r.field} {r.value}" for r in sections["programs"].rows)
    assert "내정보기관" in rows  # the partner reported for
    assert "2025" in rows  # the period reported
    assert "세광주조" in rows  # the visit
    assert "PROJECT MYDATA" in rows  # the lead as officer
    assert "2026 뿌리기업 구매상담회" in rows  # the day organised
    page = client_for(city_official).get("/accounts/my-data/").content.decode()
    assert "사업 관리 기록" in page and "PROJECT MYDATA" in page


def test_someone_without_programme_work_has_no_programme_section(supplier_admin):
    assert "programs" not in {s.key for s in personal_data.export(supplier_admin)}


def test_deleting_the_account_keeps_the_records_and_ends_the_reporting_right(worked, city_official):
    erasure = account_delete(user=city_official, password=PASSWORD)
    assert not Partner.objects.filter(editors=city_official).exists()
    assert any("실적 입력 권한" in line for line in erasure.erased)
    assert any("사업 관리 기록" in line for line in erasure.kept)
    # The records stay, tied to the anonymised account.
    assert CommitmentPeriod.objects.filter(reported_by=city_official, manual_actual=3).exists()
    assert Visit.objects.filter(visitor=city_official).exists()
    assert FollowUp.objects.filter(owner=city_official).exists()
    assert Agreement.objects.filter(slug="md-agreement").exists()
    city_official.refresh_from_db()
    assert city_official.username == f"deleted-{city_official.pk}"
