"""Suggested collaboration partners of a lead: a Cheongna robot firm and a complex's root company
with the needed technology, each with its reasons; a private listing never, whoever asks; a company
that is neither is left out; at most ten, best first."""

import pytest
from django.utils import translation

from ppuri.programs.partners import MAX_SUGGESTIONS, partners_for_lead
from ppuri.programs.services import investment as services
from ppuri.reference.models import Complex, Process, Sector, Technology
from ppuri.registry.models import Site
from tests.conftest import client_for
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory
from tests.programs.conftest_leads_visits import *  # noqa: F403 (the fixtures)
from tests.programs.conftest_leads_visits import lead_input

pytestmark = pytest.mark.django_db


def by_company(suggestions) -> dict:
    return {s.organization.pk: s for s in suggestions}


def test_a_robot_firm_and_a_root_welder_are_suggested_with_reasons(lead, robot_firm, root_welder):
    with translation.override("ko"):
        found = by_company(partners_for_lead(lead))

    robot = found[robot_firm.pk]
    assert robot.robot_firm and not robot.root_company
    assert [t.slug for t in robot.technologies] == ["robotics"]
    assert robot.distance_km is not None and robot.distance_km < 3
    assert "청라·서부산업단지 인근의 로봇 기업입니다." in robot.reasons
    assert any(r.startswith("서부산업단지까지 약 ") for r in robot.reasons)

    welder = found[root_welder.pk]
    assert welder.root_company and not welder.robot_firm
    assert [t.slug for t in welder.technologies] == ["welding"]
    assert [c.slug for c in welder.complexes] == ["namdong"]
    assert "필요한 뿌리기술을 갖추었습니다: 용접·접합." in welder.reasons
    assert "남동국가산업단지의 뿌리기업입니다." in welder.reasons
    assert "보유 인증: ISO 9001 품질경영시스템." in welder.reasons


def test_a_private_listing_is_never_suggested(lead, private_firm, robot_firm, root_welder):
    found = by_company(partners_for_lead(lead))
    assert private_firm.pk not in found
    assert {robot_firm.pk, root_welder.pk} <= set(found)


def test_root_companies_without_the_needed_technology_or_outside_the_complexes_are_left_out(operator):
    lead = services.lead_create(
        actor=operator, data=lead_input(technologies=list(Technology.objects.filter(slug="heat-treatment")))
    )
    welder = OrganizationFactory(name="용접만(주)")
    SiteFactory(organization=welder)
    CapabilityFactory(organization=welder, process=Process.objects.get(slug="welding.arc"))
    outside = OrganizationFactory(name="개별입지열처리(주)")
    SiteFactory(organization=outside, complex=None, address="인천광역시 강화군 어딘가 1")
    CapabilityFactory(organization=outside, process=Process.objects.get(slug="heat-treatment.carburizing"))
    inside = OrganizationFactory(name="남동열처리(주)")
    SiteFactory(organization=inside)
    CapabilityFactory(organization=inside, process=Process.objects.get(slug="heat-treatment.carburizing"))

    assert [s.organization for s in partners_for_lead(lead)] == [inside]


def test_a_robot_firm_far_from_seobu_is_not_a_cheongna_partner(operator):
    lead = services.lead_create(actor=operator, data=lead_input(technologies=[]))
    songdo = OrganizationFactory(name="송도로봇(주)", is_root_industry=False)
    Site.objects.create(organization=songdo, address="인천 연수구 1", latitude=37.385, longitude=126.650)
    songdo.sectors.set([Sector.objects.get(slug="robotics")])
    assert partners_for_lead(lead) == []


def test_the_expanding_company_is_not_its_own_partner(operator, root_welder):
    lead = services.lead_create(actor=operator, data=lead_input(organization=root_welder))
    assert root_welder.pk not in by_company(partners_for_lead(lead))


def test_at_most_ten_best_first(operator, robot_firm):
    lead = services.lead_create(actor=operator, data=lead_input())
    for i in range(12):
        company = OrganizationFactory(name=f"남동용접{i:02d}(주)")
        SiteFactory(organization=company)
        CapabilityFactory(organization=company, process=Process.objects.get(slug="welding.arc"))
    both = OrganizationFactory(name="서부로봇용접(주)")
    SiteFactory(organization=both, complex=Complex.objects.get(slug="seobu"))
    CapabilityFactory(organization=both, process=Process.objects.get(slug="welding.robotic"))
    CapabilityFactory(organization=both, process=Process.objects.get(slug="robotics.cobot"))

    suggestions = partners_for_lead(lead)
    assert len(suggestions) == MAX_SUGGESTIONS
    assert suggestions[0].organization == both  # two technologies, a robot firm in Seobu
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_the_lead_page_shows_the_partners_and_their_reasons(lead, fez_officer, robot_firm, private_firm):
    page = client_for(fez_officer).get(f"/programs/leads/{lead.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "청라코봇(주)" in text and "청라·서부산업단지 인근의 로봇 기업입니다." in text
    assert "비공개로보틱스" not in text
