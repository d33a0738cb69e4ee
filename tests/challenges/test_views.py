"""The desk's pages through the test client: each step of a case by the one who may take it, and the
refusals of those who may not."""

from datetime import timedelta

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


# --- a refused step comes back with what was typed, each error at its field ------------------------


def _posted(company_user, company, *_others):
    from ppuri.challenges import services

    return services.challenge_create(
        actor=company_user,
        company=company,
        title="SCM440 샤프트 담금질 균열",
        description=PROBLEM["description"],
    )


def _offered(company_user, company, operator, expert):
    from ppuri.challenges import services
    from ppuri.reference.models import Technology

    challenge = services.challenge_triage(
        actor=operator,
        challenge=_posted(company_user, company),
        technology=Technology.objects.get(slug="heat-treatment"),
    )
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[expert])
    return offer


def _in_progress(company_user, company, operator, expert):
    from ppuri.challenges import services

    offer = _offered(company_user, company, operator, expert)
    services.offer_accept(actor=expert.user, offer=offer)
    return offer.challenge


def _resolved(company_user, company, operator, expert):
    from ppuri.challenges import services

    challenge = _in_progress(company_user, company, operator, expert)
    return services.challenge_resolve(
        actor=expert.user, challenge=challenge, outcome="solved", resolution="완료"
    )


def test_a_consultation_dated_in_the_future_comes_back_with_the_notes_and_the_error_at_the_date(
    supplier_admin, supplier, operator, experts
):
    """Issue 12's example: the expert's notes were lost and the error was only a banner."""
    challenge = _in_progress(supplier_admin, supplier, operator, experts["heat"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    notes = "유온 60℃ 유지, 템퍼링까지 대기 30분 이내로 단축 권고"
    response = client_for(experts["heat"].user).post(
        f"/challenges/{challenge.pk}/consult/",
        {"held_on": tomorrow, "mode": "visit", "hours": "2.5", "notes": notes},
    )
    assert response.status_code == 200  # the page again, not a redirect
    form = response.context["consultation_form"]
    assert form.errors == {"held_on": ["자문일이 미래일 수 없습니다."]}
    html = response.content.decode()
    assert f"{notes}</textarea>" in html
    assert f'value="{tomorrow}"' in html and 'value="2.5"' in html
    assert '<option value="visit" selected>' in html
    # The error is the date's: described by it, not a banner.
    assert 'aria-describedby="id_held_on_error"' in html and 'id="id_held_on_error"' in html
    assert not [str(m) for m in response.context["messages"]]
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("state", "who", "step", "data", "form_name", "field", "kept"),
    [
        (
            _posted, "operator", "triage",
            {"process": "heat-treatment.quench-temper", "defect": "heat-treatment.quench-crack"},
            "triage_form", "technology", 'value="heat-treatment.quench-temper" selected',
        ),
        (_offered, "expert", "decline", {"reason": ""}, "decline_form", "reason", None),
        (
            _in_progress, "expert", "consult",
            {"held_on": timezone.localdate().isoformat(), "mode": "remote", "hours": "3", "notes": ""},
            "consultation_form", "notes", 'value="3"',
        ),
        (
            _in_progress, "expert", "resolve",
            {"outcome": "partly", "resolution": "템퍼링 지연 해소", "effect_metric": "defect_rate",
             "effect_before": "많음", "effect_after": "0.5"},
            "resolve_form", "effect_before", "템퍼링 지연 해소</textarea>",
        ),
        (
            _resolved, "company", "rate", {"rating": "9", "comment": "응답이 빨랐습니다"},
            "rate_form", "rating", "응답이 빨랐습니다</textarea>",
        ),
    ],
    ids=["triage", "decline", "consult", "resolve", "rate"],
)  # fmt: skip
def test_each_refused_step_of_a_case_keeps_its_input_and_shows_the_error_at_its_field(
    supplier_admin, supplier, operator, experts, state, who, step, data, form_name, field, kept
):
    expert = experts["heat"]
    found = state(supplier_admin, supplier, operator, expert)
    challenge = found.challenge if isinstance(found, Offer) else found
    users = {"operator": operator, "expert": expert.user, "company": supplier_admin}
    url = f"/challenges/{challenge.pk}/{step}/"
    if step == "decline":
        url = f"/challenges/{challenge.pk}/offers/{found.pk}/decline/"
    before = Challenge.objects.values().get(pk=challenge.pk)
    response = client_for(users[who]).post(url, data)
    assert response.status_code == 200
    form = response.context[form_name]
    assert form.is_bound and list(form.errors) == [field], form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    if kept:
        assert kept in html
    assert Challenge.objects.values().get(pk=challenge.pk) == before
    assert not Consultation.objects.exists()


def test_a_step_no_longer_offered_says_why_above_the_page(supplier_admin, supplier, operator, experts):
    """A consultation posted after the case was resolved (in another tab): the form is not on the
    page any more, so its refusal is said above it."""
    challenge = _resolved(supplier_admin, supplier, operator, experts["heat"])
    response = client_for(experts["heat"].user).post(
        f"/challenges/{challenge.pk}/consult/",
        {"held_on": timezone.localdate().isoformat(), "mode": "remote", "hours": "1", "notes": "추가 확인"},
    )
    assert response.status_code == 200
    assert "consultation_form" not in response.context
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["진행 중인 과제에만 자문을 기록할 수 있습니다."]
    assert shown[0] in response.content.decode()
    assert not Consultation.objects.exists()


def test_withdrawing_and_declining_ask_first(supplier_admin, supplier, operator, experts):
    offer = _offered(supplier_admin, supplier, operator, experts["heat"])
    company_page = client_for(supplier_admin).get(f"/challenges/{offer.challenge_id}/").content.decode()
    expert_page = client_for(experts["heat"].user).get(f"/challenges/{offer.challenge_id}/").content.decode()
    for page, testid in ((company_page, "withdraw"), (expert_page, "decline")):
        button = page[page.index(f'data-testid="{testid}"') :].split(">", 1)[0]
        assert "data-confirm=" in button, testid
