"""Suggested pairs (programs.matchmaking): a buyer's wanted technologies and needs text against the other
participants' registry capabilities, with the reasons a person reads; investors' wanted technologies
(their own and their lead's); pairs already asked for are left out; a private company's capabilities
are used only for viewers who may see them; the event page's "상담 요청" from a suggestion."""

import pytest
from django.urls import reverse

from ppuri.programs.matchmaking import suggestions
from ppuri.programs.models import Lead, MeetingRequest
from ppuri.reference.models import Certification, Complex, Process
from ppuri.registry.models import OrganizationCertification, OrganizationTechnology
from tests.conftest import client_for
from tests.factories import CapabilityFactory, SiteFactory
from tests.programs.conftest_events import (  # noqa: F401
    ask,
    company,
    event_fixture,
    investor,
    join,
    organiser_fixture,
    technology,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(event):
    caster_org, caster_user = company("세광주조(주)", process="casting.die-casting", username="caster")
    CapabilityFactory(organization=caster_org, process=Process.objects.get(slug="casting.gravity"))
    OrganizationCertification.objects.create(
        organization=caster_org, certification=Certification.objects.get(slug="iatf-16949")
    )
    buyer_org, buyer_user = company("청라로보틱스(주)", process="welding.robotic", username="robot-buyer")
    heat_org, heat_user = company("동진열처리(주)", process="heat-treatment.carburizing", username="heat")
    return {
        "caster": join(event, caster_org, caster_user),
        "buyer": join(
            event,
            buyer_org,
            buyer_user,
            wanted_technologies=[technology("casting")],
            needs="로봇 관절 감속기용 침탄 열처리 외주처",
        ),
        "heat": join(event, heat_org, heat_user),
        "buyer_user": buyer_user,
        "caster_user": caster_user,
    }


def _pair(found, a, b):
    return next((s for s in found if s.key == frozenset((a.pk, b.pk))), None)


def test_a_buyers_wanted_technology_meets_a_suppliers_processes_with_reasons(event, cast, organiser):
    found = suggestions(event, viewer=organiser)
    casting = _pair(found, cast["buyer"], cast["caster"])
    assert casting is not None and casting.seeker == cast["buyer"] and casting.supplier == cast["caster"]
    assert "주조 공정 보유: 다이캐스팅, 중력주조" in casting.reasons
    assert any(r.startswith("같은 산업단지: ") and "남동" in r for r in casting.reasons)
    assert any(r.startswith("보유 인증: ") and "IATF 16949" in r for r in casting.reasons)
    # 3 (casting) + 1 (same complex) + 0.5 (one certification)
    assert casting.score == 4.5


def test_a_process_named_in_the_needs_text_counts(event, cast, organiser):
    heat = _pair(suggestions(event, viewer=organiser), cast["buyer"], cast["heat"])
    assert heat is not None
    assert "찾는 것에 적은 공정 보유: 침탄" in heat.reasons
    assert heat.score == 2 + 1  # one process named in the needs, the same complex


def test_nothing_in_common_is_not_suggested_and_the_best_comes_first(event, cast, organiser):
    found = suggestions(event, viewer=organiser)
    assert _pair(found, cast["caster"], cast["heat"]) is None
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_pairs_already_asked_for_are_left_out(event, cast, organiser):
    ask(cast["caster"], cast["buyer"], user=cast["caster_user"])
    assert _pair(suggestions(event, viewer=organiser), cast["buyer"], cast["caster"]) is None


def test_an_investors_wanted_technologies_include_its_leads(event, cast, organiser):
    lead = Lead.objects.create(code_name="PROJECT-HERON")
    lead.technologies.set([technology("heat-treatment")])
    fund = investor(event, lead=lead)
    found = suggestions(event, viewer=organiser, participant=fund)
    assert [s.supplier for s in found] == [cast["heat"]]
    assert found[0].seeker == fund and found[0].reasons[0].startswith("열처리 공정 보유")


def test_a_private_companys_capabilities_stay_with_those_who_may_see_them(event, cast, organiser, operator):
    cast["caster"].organization.is_public = False
    cast["caster"].organization.save()
    # The buyer's people may not see the private company's capabilities: no reasons built on them.
    assert _pair(suggestions(event, viewer=cast["buyer_user"]), cast["buyer"], cast["caster"]) is None
    assert _pair(suggestions(event, viewer=operator), cast["buyer"], cast["caster"]) is not None


def test_industry_technologies_and_offers_count_too(event, cast, organiser):
    press_org, press_user = company("한빛프레스(주)", process="forming.stamping", username="press")
    SiteFactory(organization=press_org, complex=Complex.objects.get(slug="juan"), is_primary=False)
    OrganizationTechnology.objects.create(organization=press_org, technology=technology("casting"))
    press = join(event, press_org, press_user, offers="소형 주조품 가공")
    reasons = _pair(suggestions(event, viewer=organiser), cast["buyer"], press).reasons
    assert "주조 업종 기업" in reasons


def test_the_page_offers_a_request_from_a_suggestion(event, cast):
    client = client_for(cast["buyer_user"])
    page = client.get(event.get_absolute_url())
    rows = page.context["suggested"]
    assert rows[0][1] == cast["caster"]
    html = page.content.decode()
    assert f'data-testid="ask-suggested-{cast["caster"].pk}"' in html and "주조 공정 보유" in html
    response = client.post(
        reverse("programs:event_request", args=[event.pk]),
        {"requester": cast["buyer"].pk, "target": cast["caster"].pk, "reason": "주조 공정 보유: 다이캐스팅"},
    )
    assert response.status_code == 302
    assert MeetingRequest.objects.filter(requester=cast["buyer"], target=cast["caster"]).exists()
    # Asked: no longer suggested.
    assert all(
        other != cast["caster"] for _s, other in client.get(event.get_absolute_url()).context["suggested"]
    )
