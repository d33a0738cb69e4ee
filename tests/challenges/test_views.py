"""The desk's pages through the test client: each step of a case by the one who may take it, and the
refusals of those who may not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ppuri.challenges.models import Challenge, Consultation, Offer
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PROBLEM = {
    "title": "SCM440 샤프트 담금질 균열",
    "description": "유냉 후 샤프트 키홈에서 균열이 생깁니다.",
    "urgency": "high",
    "confidentiality": "confidential",
}


def test_a_case_page_by_page(supplier_admin, supplier, operator, experts, other_admin):
    company, desk, expert = client_for(supplier_admin), client_for(operator), client_for(experts["heat"].user)
    assert company.get("/challenges/new/").status_code == 200
    response = company.post(
        "/challenges/new/", {**PROBLEM, "attachments": SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")}
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/challenges/{challenge.pk}/"
    page = desk.get(f"/challenges/{challenge.pk}/").content.decode()
    assert (
        'data-testid="triage"' in page and "heat-treatment.quench-crack" in page
    )  # the proposal, pre-filled
    desk.post(
        f"/challenges/{challenge.pk}/triage/",
        {
            "technology": "heat-treatment",
            "process": "heat-treatment.quench-temper",
            "defect": "heat-treatment.quench-crack",
        },
    )
    page = desk.get(f"/challenges/{challenge.pk}/").content.decode()
    assert 'data-testid="proposals"' in page and "김담금" in page
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk]})
    offer = Offer.objects.get()
    # Another company cannot act on the case (it cannot even see it).
    assert (
        client_for(other_admin).post(f"/challenges/{challenge.pk}/offers/{offer.pk}/accept/").status_code
        == 404
    )
    assert 'data-testid="accept"' in expert.get(f"/challenges/{challenge.pk}/").content.decode()
    expert.post(f"/challenges/{challenge.pk}/offers/{offer.pk}/accept/")
    expert.post(
        f"/challenges/{challenge.pk}/consult/",
        {"held_on": timezone.localdate().isoformat(), "mode": "visit", "hours": "2", "notes": "유온 확인"},
    )
    assert Consultation.objects.count() == 1
    expert.post(
        f"/challenges/{challenge.pk}/resolve/",
        {
            "outcome": "solved",
            "resolution": "템퍼링 지연 해소",
            "effect_metric": "defect_rate",
            "effect_before": "4",
            "effect_after": "0.5",
        },
    )
    company.post(f"/challenges/{challenge.pk}/rate/", {"rating": "5", "publish_consent": "on"})
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.rating == 5 and challenge.publish_consent


def test_a_refused_step_says_why_and_changes_nothing(supplier_admin, supplier, operator, experts):
    company = client_for(supplier_admin)
    company.post("/challenges/new/", PROBLEM)
    challenge = Challenge.objects.get()
    # The company may not triage, and a resident registration number in a new case is refused by field.
    company.post(f"/challenges/{challenge.pk}/triage/", {"technology": "casting"})
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SUBMITTED
    response = company.post("/challenges/new/", {**PROBLEM, "description": "연락처 900101-1234567"})
    assert response.status_code == 200 and "주민등록번호" in response.content.decode()
    assert Challenge.objects.count() == 1
    # An empty decline reason leaves the offer waiting.
    desk = client_for(operator)
    desk.post(f"/challenges/{challenge.pk}/triage/", {"technology": "heat-treatment"})
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk]})
    offer = Offer.objects.get()
    response = client_for(experts["heat"].user).post(
        f"/challenges/{challenge.pk}/offers/{offer.pk}/decline/", {"reason": ""}, follow=True
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OFFERED and "거절 사유" in response.content.decode()


def test_an_operator_routes_every_triaged_case_at_once_and_others_may_not(
    supplier_admin, supplier, operator, experts
):
    company = client_for(supplier_admin)
    for number in range(2):
        company.post("/challenges/new/", {**PROBLEM, "title": f"담금질 균열 {number}"})
    desk = client_for(operator)
    for challenge in Challenge.objects.all():
        desk.post(f"/challenges/{challenge.pk}/triage/", {"technology": "heat-treatment"})
    assert company.post("/challenges/route/").status_code == 403
    assert not Offer.objects.exists()
    response = desk.post("/challenges/route/", follow=True)
    assert "2건을 전문가에게 배정" in response.content.decode()
    assert Offer.objects.filter(expert=experts["heat"]).count() == 2  # capacity 3: both to the one who fits
    assert (
        "완료 0건"
        in client_for(supplier_admin).get(f"/challenges/experts/{experts['heat'].pk}/").content.decode()
    )


def test_consultation_files_go_to_the_parties_only_and_no_one_posts_for_another_company(
    supplier_admin, supplier, other_company, operator, experts, other_admin
):
    from ppuri.challenges import services
    from ppuri.challenges.models import ConsultationAttachment
    from ppuri.core.models import Notification

    company = client_for(supplier_admin)
    refused = company.post("/challenges/new/", {**PROBLEM, "company": str(other_company.pk)})
    assert refused.status_code == 403 and not Challenge.objects.exists()
    company.post("/challenges/new/", PROBLEM)
    challenge = Challenge.objects.get()
    desk = client_for(operator)
    desk.post(f"/challenges/{challenge.pk}/triage/", {"technology": "heat-treatment"})
    desk.post(f"/challenges/{challenge.pk}/offer/", {"expert": [experts["heat"].pk, experts["plating"].pk]})
    heat_offer = Offer.objects.get(expert=experts["heat"])
    expert = client_for(experts["heat"].user)
    expert.post(f"/challenges/{challenge.pk}/offers/{heat_offer.pk}/accept/")
    expert.post(
        f"/challenges/{challenge.pk}/consult/",
        {
            "held_on": timezone.localdate().isoformat(),
            "mode": "remote",
            "hours": "1",
            "notes": "조직 사진 검토",
            "attachments": SimpleUploadedFile("조직.png", b"\x89PNG\r\n\x1a\n...."),
        },
    )
    file = ConsultationAttachment.objects.get()
    url = f"/challenges/{challenge.pk}/consultation-files/{file.pk}/"
    assert url in company.get(f"/challenges/{challenge.pk}/").content.decode()
    assert company.get(url).status_code == 200 and desk.get(url).status_code == 200
    for outsider in (
        client_for(other_admin),
        client_for(experts["plating"].user),
    ):  # the other is still deciding
        assert outsider.get(url).status_code == 404
    # Every hand-over so far told the one who takes over.
    told = set(Notification.objects.values_list("recipient__username", "verb"))
    assert ("operator", "challenges.challenge.created") in told
    assert ("expert-heat", "challenges.offer.created") in told
    assert ("supplier-admin", "challenges.offer.accepted") in told
    assert ("supplier-admin", "challenges.consultation.logged") in told
    services.challenge_resolve(
        actor=experts["heat"].user, challenge=challenge, outcome="solved", resolution="완료"
    )
    services.challenge_rate(actor=supplier_admin, challenge=challenge, rating=4)
    told = set(Notification.objects.values_list("recipient__username", "verb"))
    assert ("supplier-admin", "challenges.challenge.resolved") in told
    assert ("expert-heat", "challenges.challenge.rated") in told
    assert ("expert-plating", "challenges.offer.created") in told
