"""The agreement's pages: the seeded 2019 agreement with its seven commitments, their sources and the
unverified ones marked; what each viewer sees of a figure (small counts of people hidden from the
public, exact for the staff and the partner's own editors, money shown); every actual linked to the
records behind it, listed only as far as the viewer may see them in the app that holds them, names
masked; a non-public commitment never shown to those it is not for; English; bounded queries."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.programs.models import Agreement, Commitment, Partner
from tests.conftest import client_for, count_queries
from tests.factories import UserFactory
from tests.programs import agreements_setup as build
from tests.programs.agreements_setup import at

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)
Measure = Commitment.Measure


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


@pytest.fixture
def seeded() -> Agreement:
    return Agreement.objects.get(slug="incheon-root-2019")


def commitment_of(agreement: Agreement, code: str) -> Commitment:
    return agreement.commitments.get(code=code)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def three_hires(seeded):
    owner = build.company("서해단조(주)")
    return [build.employment(owner, day) for day in (date(2020, 5, 1), date(2021, 6, 1), date(2022, 7, 1))]


@pytest.fixture
def technopark_editor(seeded):
    editor = UserFactory(username="itp-editor", role=Role.COMPANY, email="editor@itp.example")
    Partner.objects.get(agreement=seeded, name="인천테크노파크").editors.add(editor)
    return editor


@pytest.fixture
def inha_editor(seeded):
    editor = UserFactory(username="inha-editor", role=Role.UNIVERSITY, email="editor@inha.example")
    Partner.objects.get(agreement=seeded, name="인하대학교").editors.add(editor)
    return editor


# --- the seeded agreement -------------------------------------------------------------------------------


def test_the_2019_agreement_is_seeded_with_its_seven_commitments_and_sources(client, seeded):
    assert seeded.is_reference and seeded.signed_on == date(2019, 7, 18)
    assert seeded.partners.count() == 6 and seeded.commitments.count() == 7
    assert all(c.source for c in seeded.commitments.all())
    html = html_of(client, seeded.get_absolute_url())
    assert "인천뿌리산업 지원 협력 협약" in html and "2019-07-18 체결" in html and "인천광역시청" in html
    assert 'data-testid="agreement-source"' in html and "etnews 20190718000249" in html
    for partner in ("포스코 기술연구원", "인하대학교", "한국생산기술연구원", "중부지방고용노동청"):
        assert partner in html
    assert 'data-testid="status-rule"' in html and "90% 이상이면 ‘정상 추진’" in html
    for commitment in seeded.commitments.all():
        assert f'data-testid="commitment-link-{commitment.pk}"' in html
        source = "records" if commitment.from_records else "manual"
        assert f'data-testid="source-{commitment.pk}" data-source="{source}"' in html
        for period in commitment.periods.all():
            assert reverse("programs:commitment_records", args=[commitment.pk, period.pk]) in html


def test_unverified_figures_say_so(client, seeded):
    html = html_of(client, seeded.get_absolute_url())
    for code, mark, label in (("4", "unverified", "미확인"), ("5", "unverified", "미확인"),
                              ("1", "partial", "일부 확인"), ("3", "verified", "출처 확인")):  # fmt: skip
        pk = commitment_of(seeded, code).pk
        badge = re.search(rf'data-verification="(\w+)" data-testid="verification-{pk}"[^>]*>([^<]+)<', html)
        assert badge and badge.groups() == (mark, label)
    assert "‘미확인’은 목표 수치를 원문으로 확인하지 못한 약속" in html
    # The commitment's own page gives its source in full.
    youth = commitment_of(seeded, "4")
    assert "원문이 확인되지 않은 수치" in html_of(client, youth.get_absolute_url())


def test_the_list_shows_the_agreement_and_its_visible_commitments(client, seeded):
    build.commitment(seeded, seeded.partners.first(), code="99", public=False)
    html = html_of(client, reverse("programs:agreements"))
    assert "인천뿌리산업 지원 협력 협약" in html
    assert f'data-testid="agreement-row-{seeded.pk}"' in html
    assert '<td class="num">7</td>' in html  # the non-public eighth is not counted for the public


# --- what each viewer sees of a figure --------------------------------------------------------------------


def test_small_counts_of_people_are_hidden_from_the_public_and_exact_for_staff_and_the_partner(
    client, seeded, three_hires, city_official, technopark_editor, inha_editor
):
    hires = commitment_of(seeded, "6")
    period = hires.periods.get()
    marker = f'data-testid="actual-{period.pk}" data-source="records">'
    assert marker + '<span title="5 미만은 공개하지 않습니다.">5 미만</span>' in html_of(
        client, seeded.get_absolute_url()
    )
    assert marker + "<span" in html_of(
        client_for(inha_editor), seeded.get_absolute_url()
    )  # not their partner
    assert marker + "3명</a>" in html_of(client_for(city_official), seeded.get_absolute_url())
    assert marker + "3명</a>" in html_of(client_for(technopark_editor), seeded.get_absolute_url())


def test_money_is_a_programme_total_shown_to_everyone(client, seeded, institutions):
    owner = build.company("남동주물(주)")
    approved = build.application(
        build.incentive_program(), owner, status="approved", decided_at=at(date(2020, 3, 2))
    )
    case = build.supported_case(approved)
    build.installment(case, 1, 900_000, paid_on=date(2020, 6, 1))
    build.installment(case, 2, 900_000, paid_on=date(2020, 9, 1))
    paid = commitment_of(seeded, "5")
    period = paid.periods.get()
    html = html_of(client, seeded.get_absolute_url())
    assert f'data-testid="actual-{period.pk}" data-source="records">180만 원</a>' in html
    assert "16억 원" in html  # the target
    # One young person approved: hidden from the public.
    youth = commitment_of(seeded, "4").periods.get()
    assert f'data-testid="actual-{youth.pk}" data-source="records"><span' in html


def test_a_manual_figure_shows_with_its_evidence(client, seeded, city_official):
    agreement = build.agreement()
    partner = build.partner(agreement)
    commitment, (period,) = build.commitment(agreement, partner, Measure.MANUAL)
    period.manual_actual, period.evidence = 3, "2021년 사업 결과보고서(2022-01-15)"
    period.save()
    html = html_of(client, commitment.get_absolute_url())
    assert f'data-testid="actual-{period.pk}" data-source="manual">3명</a>' in html  # not people of Ppuri's
    assert "2021년 사업 결과보고서" in html
    records = html_of(client, reverse("programs:commitment_records", args=[commitment.pk, period.pk]))
    assert "직접 입력한 수치" in records and "2021년 사업 결과보고서" in records
    assert 'data-testid="records"' not in records


# --- the records behind a figure --------------------------------------------------------------------------


def records_url(commitment: Commitment) -> str:
    return reverse("programs:commitment_records", args=[commitment.pk, commitment.periods.get().pk])


def test_the_records_behind_hires_list_for_those_who_hold_them_and_are_withheld_from_others(
    client, seeded, three_hires, city_official, operator, labor_office
):
    url = records_url(commitment_of(seeded, "6"))
    for holder in (operator, labor_office):
        html = html_of(client_for(holder), url)
        assert html.count('data-testid="record"') == 3 and "서해단조" in html and "2021-06-01" in html
        assert 'data-testid="records-notice"' not in html
    # The city sees the exact figure but no employment row (tenure shows them none).
    html = html_of(client_for(city_official), url)
    assert 'data-testid="records-actual">3명' in html
    assert 'data-testid="record"' not in html and "서해단조" not in html
    assert "기록 3건은 볼 권한이 있는 담당자에게만 보입니다" in html
    # The public sees neither the small count nor its rows.
    html = html_of(client, url)
    assert 'data-testid="records-actual">5 미만' in html and "서해단조" not in html
    assert "5 미만인 수치는 공개하지 않으므로" in html


def test_a_company_sees_its_own_rows_and_is_told_of_the_others(seeded, three_hires):
    other = build.company("인천정밀주조(주)")
    for day in (date(2021, 1, 4), date(2021, 2, 1), date(2021, 3, 2)):
        build.employment(other, day)
    from tests.factories import MembershipFactory

    member = MembershipFactory(organization=other, user__username="precision-admin").user
    html = html_of(client_for(member), records_url(commitment_of(seeded, "6")))
    assert html.count('data-testid="record"') == 3 and "인천정밀주조" in html and "서해단조" not in html
    assert "3건은 볼 권한이 없어 목록에서 뺐습니다" in html


def test_the_experts_behind_the_figure_are_listed_with_a_page_per_fifty(seeded, city_official, institutions):
    owner = build.company()
    experts = [build.expert(f"전문가{i:02d}", institutions["posco"]) for i in range(55)]
    for who in experts:
        build.offer(build.case(owner), who, responded_at=at(date(2020, 4, 1)))
    url = records_url(commitment_of(seeded, "1"))
    staff = client_for(city_official)
    first = html_of(staff, url)
    assert 'data-testid="records-actual">55명' in first
    assert first.count('data-testid="record"') == 50 and "전문가00" in first and "포스코 기술연구원" in first
    second = html_of(staff, url + "?page=2")
    assert second.count('data-testid="record"') == 5 and "전문가54" in second


def test_cases_are_listed_as_far_as_the_viewer_may_see_them(seeded, city_official, operator, institutions):
    owner = build.company("세광주조(주)")
    posco = build.expert("김담금", institutions["posco"])
    for public, title in ((True, "공개 과제: 주조 기공"), (False, "비공개 과제: 열처리 균열")):
        solved = build.case(
            owner,
            status="resolved",
            outcome="solved",
            resolved_at=at(date(2021, 5, 1)),
            public=public,
            title=title,
        )
        build.offer(solved, posco, responded_at=at(date(2021, 4, 1)))
    url = records_url(commitment_of(seeded, "2"))
    html = html_of(client_for(city_official), url)
    assert "공개 과제: 주조 기공" in html and "비공개 과제" not in html
    assert "1건은 볼 권한이 없어 목록에서 뺐습니다" in html
    html = html_of(client_for(operator), url)
    assert "공개 과제: 주조 기공" in html and "비공개 과제: 열처리 균열" in html


def test_students_names_are_masked_in_the_list(seeded, city_official):
    cohort = build.cohort(2021)
    for name in ("김다은", "이준호", "박서연", "최민수", "정하늘", "한지우"):
        build.student(cohort, "enrolled", name=name)
    school = UserFactory(username="grad-school", role=Role.UNIVERSITY)
    period = commitment_of(seeded, "3").periods.get(starts_on=date(2021, 3, 1))
    url = reverse("programs:commitment_records", args=[period.commitment_id, period.pk])
    html = html_of(client_for(school), url)
    assert "김*은" in html and "김다은" not in html and html.count('data-testid="record"') == 6
    # The city sees the exact figure; the rows are the school's.
    html = html_of(client_for(city_official), url)
    assert 'data-testid="records-actual">6명' in html and "김*은" not in html
    assert "기록 6건은 볼 권한이 있는 담당자에게만 보입니다" in html


def test_a_period_of_another_commitment_is_not_found(client, seeded):
    one, other = commitment_of(seeded, "1"), commitment_of(seeded, "2")
    url = reverse("programs:commitment_records", args=[one.pk, other.periods.get().pk])
    assert client.get(url).status_code == 404


# --- a non-public commitment ------------------------------------------------------------------------------


@pytest.fixture
def hidden(seeded):
    technopark = Partner.objects.get(agreement=seeded, name="인천테크노파크")
    commitment, (period,) = build.commitment(seeded, technopark, Measure.MANUAL, code="8", public=False)
    commitment.title = "비공개 약속: 내부 검토 중"
    commitment.save()
    return commitment, period


def test_a_non_public_commitment_never_reaches_the_public_or_unrelated_users(
    client, seeded, hidden, outsider, inha_editor
):
    commitment, period = hidden
    for viewer in (client, client_for(outsider), client_for(inha_editor)):
        html = html_of(viewer, seeded.get_absolute_url())
        assert "비공개 약속" not in html and f"commitment-link-{commitment.pk}" not in html
        assert f"commitment-{commitment.pk}-period" not in html
        assert viewer.get(commitment.get_absolute_url()).status_code == 404
        records = reverse("programs:commitment_records", args=[commitment.pk, period.pk])
        assert viewer.get(records).status_code == 404


def test_a_non_public_commitment_shows_to_the_staff_and_its_partners_editors(
    seeded, hidden, city_official, technopark_editor
):
    commitment, _period = hidden
    for viewer in (city_official, technopark_editor):
        html = html_of(client_for(viewer), seeded.get_absolute_url())
        assert "비공개 약속: 내부 검토 중" in html and f'data-testid="private-{commitment.pk}"' in html


def test_a_non_public_agreement_is_not_found_for_the_public(client, city_official):
    agreement = build.agreement("internal", public=False)
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert "시험 협약" not in html_of(client, reverse("programs:agreements"))
    assert html_of(client_for(city_official), agreement.get_absolute_url())


# --- English, and queries ---------------------------------------------------------------------------------


def test_english_readers_get_the_english_titles(seeded):
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    html = html_of(english, seeded.get_absolute_url())
    assert "Incheon Root Industry Support Cooperation Agreement" in html
    assert "Experts active in the limit-technology desk" in html and "Inha University" in html
    assert "2020-03-01 – 2021-02-28" in html  # the period by its dates
    html = html_of(english, commitment_of(seeded, "5").get_absolute_url())
    assert "KRW 1.6 billion" in html


def test_the_agreement_page_makes_as_many_queries_however_many_manual_commitments(client, city_official):
    agreement = build.agreement()
    partner = build.partner(agreement)
    staff = client_for(city_official)
    for _ in range(2):
        build.commitment(agreement, partner, Measure.MANUAL)
    few = count_queries(staff, agreement.get_absolute_url())
    for _ in range(6):
        build.commitment(agreement, partner, Measure.MANUAL)
    assert count_queries(staff, agreement.get_absolute_url()) == few
