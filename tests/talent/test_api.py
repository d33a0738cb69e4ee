"""The talent API's contract: postings, the seeker's profile, applications and stages; permissions and
bad input (a 422 naming the field; never a 500; nothing half-written)."""

import datetime

import pytest

from ppuri.core.models import ActivityLog
from ppuri.registry import services as registry
from ppuri.talent import services
from ppuri.talent.models import Application, ApplicationEvent, JobPosting, SeekerProfile
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganizationFactory
from tests.talent.conftest import job_input, make_seeker, open_job

JOB = {
    "title": "CO2 용접 기능공(주간)",
    "description": "자동차 부품 지그 용접",
    "technology": "welding",
    "processes": ["welding.mig-mag"],
    "required_qualifications": ["co2-arc-welding-craftsman"],
    "preferred_qualifications": ["용접기능사"],
    "experience_years_min": 1,
    "employment_type": "full_time",
    "shift": "two_shift",
    "wage_min": 2_900_000,
    "wage_max": 3_500_000,
    "dormitory": True,
    "commuter_bus": False,
    "positions": 3,
}


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.mark.django_db
def test_a_company_member_drafts_then_opens_a_posting_and_everyone_can_read_it(
    welder_company, welder_admin, client
):
    site = welder_company.sites.get()
    body = {**JOB, "company_id": welder_company.pk, "site_id": site.pk, "closes_on": "2099-01-31"}

    created = _post(client_for(welder_admin), "/api/v1/jobs", body)

    assert created.status_code == 201, created.content
    job = created.json()
    assert job["status"] == "draft"
    assert job["complex"] == "namdong"  # from the site
    assert job["address"] == site.address
    assert job["preferred_qualifications"] == ["smaw-craftsman"]  # the old name resolved
    assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 404  # a draft is not public

    opened = _post(client_for(welder_admin), f"/api/v1/jobs/{job['id']}/open", {})

    assert opened.status_code == 200 and opened.json()["status"] == "open"
    listed = client.get("/api/v1/jobs", {"technology": "welding", "shift": "two_shift"}).json()
    assert [j["id"] for j in listed["results"]] == [job["id"]]
    assert client.get("/api/v1/jobs", {"shift": "day"}).json()["count"] == 0
    assert client.get("/api/v1/jobs", {"qualification": "이산화탄소가스아크용접기능사"}).json()["count"] == 1
    assert client.get("/api/v1/jobs", {"wage_at_least": 3_600_000}).json()["count"] == 0
    verbs = set(ActivityLog.objects.filter(target_id=str(job["id"])).values_list("verb", flat=True))
    assert {"talent.job.created", "talent.job.opened"} <= verbs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage_min": 4_000_000}, "wage_max"),
        ({"wage_max": 3_500_000_000}, "wage_max"),
        ({"technology": "baking"}, "technology"),
        ({"processes": ["welding.unknown"]}, "processes"),
        ({"required_qualifications": ["제빵기능사"]}, "required_qualifications"),
        ({"preferred_qualifications": ["co2-arc-welding-craftsman"]}, "preferred_qualifications"),
        ({"shift": "night"}, "shift"),
        ({"closes_on": "2001-01-01"}, "closes_on"),
        ({"title": ""}, "title"),
        ({"description": "연락처 900101-1234567"}, "description"),
    ],
)
def test_bad_posting_input_is_a_422_naming_the_field_and_writes_nothing(
    welder_company, welder_admin, change, field
):
    body = {**JOB, "company_id": welder_company.pk, **change}

    response = _post(client_for(welder_admin), "/api/v1/jobs", body)

    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not JobPosting.objects.exists()


@pytest.mark.django_db
def test_only_the_companys_members_post_and_open_its_postings(
    welder_company, welder_admin, other_admin, seeker, operator
):
    body = {**JOB, "company_id": welder_company.pk}
    assert _post(client_for(other_admin), "/api/v1/jobs", body).status_code == 403
    assert _post(client_for(seeker), "/api/v1/jobs", body).status_code == 403
    job = _post(client_for(welder_admin), "/api/v1/jobs", body).json()

    assert _post(client_for(other_admin), f"/api/v1/jobs/{job['id']}/open", {}).status_code == 404
    assert JobPosting.objects.get().status == "draft"
    assert _post(client_for(operator), f"/api/v1/jobs/{job['id']}/open", {}).status_code == 200


@pytest.mark.django_db
def test_an_employer_on_the_wage_arrears_list_cannot_open_postings_until_cleared(
    welder_company, welder_admin, operator
):
    earlier = open_job(welder_admin, welder_company, title="이미 열린 공고")
    mark = services.wage_arrears_mark(
        actor=operator,
        company=welder_company,
        listed_on=datetime.date(2026, 9, 1),
        source="고용노동부 체불사업주 명단 공개 2026-09-01",
    )
    earlier.refresh_from_db()
    assert earlier.status == "closed"  # its open postings closed with the mark
    draft = _post(client_for(welder_admin), "/api/v1/jobs", {**JOB, "company_id": welder_company.pk}).json()

    refused = _post(client_for(welder_admin), f"/api/v1/jobs/{draft['id']}/open", {})

    assert refused.status_code == 422
    assert "임금체불 명단(2026-09-01 공개)" in str(refused.json()["detail"])
    assert JobPosting.objects.get(pk=draft["id"]).status == "draft"
    with pytest.raises(Exception, match="이미 임금체불"):
        services.wage_arrears_mark(
            actor=operator, company=welder_company, listed_on=datetime.date(2026, 9, 1), source="x"
        )
    services.wage_arrears_clear(actor=operator, mark=mark, reason="체불 임금 청산 확인(노동청 회신)")
    assert _post(client_for(welder_admin), f"/api/v1/jobs/{draft['id']}/open", {}).status_code == 200


@pytest.mark.django_db
def test_a_seeker_applies_and_the_company_moves_the_application_to_hired(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("applicant", display_name="한지원")
    without_consent = _post(client_for(seeker), f"/api/v1/jobs/{job.pk}/applications", {"consent": False})
    assert without_consent.status_code == 422 and "consent" in without_consent.json()["detail"]

    applied = _post(
        client_for(seeker),
        f"/api/v1/jobs/{job.pk}/applications",
        {"message": "배관 용접 2년", "consent": True},
    )
    assert applied.status_code == 201, applied.content
    application = applied.json()
    assert application["stage"] == "received" and application["applicant"] is None  # the seeker's own view
    again = _post(client_for(seeker), f"/api/v1/jobs/{job.pk}/applications", {"consent": True})
    assert again.status_code == 422 and Application.objects.count() == 1

    company = client_for(welder_admin)
    seen = company.get(f"/api/v1/applications/{application['id']}").json()
    assert seen["applicant"]["name"] == "한지원"
    assert seen["applicant"]["email"] == "applicant@mail.example"
    assert seen["applicant"]["phone"] == "010-2345-6789"

    skipped = _post(company, f"/api/v1/applications/{application['id']}/stage", {"stage": "hired"})
    assert skipped.status_code == 422 and "hired_on" in skipped.json()["detail"]
    for stage in ("reviewing", "interview", "offer"):
        moved = _post(
            company,
            f"/api/v1/applications/{application['id']}/stage",
            {"stage": stage, "comment": f"{stage} 메모"},
        )
        assert moved.status_code == 200, moved.content
    hired = _post(
        company,
        f"/api/v1/applications/{application['id']}/stage",
        {"stage": "hired", "hired_on": datetime.date.today().isoformat()},
    ).json()
    assert hired["stage"] == "hired"
    # The posting named a complex only: tenure is counted at the company's main site.
    assert hired["hire_site_id"] == welder_company.sites.get().pk
    too_far = _post(
        company,
        f"/api/v1/applications/{application['id']}/stage",
        {"stage": "hired", "hired_on": "2999-01-01"},
    )
    assert too_far.status_code == 422
    backwards = _post(company, f"/api/v1/applications/{application['id']}/stage", {"stage": "interview"})
    assert backwards.status_code == 422

    # The seeker reads the same stage, and the company's notes are the company's own.
    mine = client_for(seeker).get(f"/api/v1/applications/{application['id']}").json()
    assert mine["stage"] == "hired" and mine["stage_label"] == "채용"
    assert [e["stage"] for e in mine["events"]] == ["received", "reviewing", "interview", "offer", "hired"]
    assert all(e["comment"] == "" for e in mine["events"])
    assert ApplicationEvent.objects.filter(comment="offer 메모").exists()
    # Moving a stage is the company's: the seeker cannot.
    assert (
        _post(
            client_for(seeker), f"/api/v1/applications/{application['id']}/stage", {"stage": "rejected"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_company_invites_a_discoverable_seeker_who_accepts_and_only_then_shares_contact(
    welder_company, welder_admin
):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("invited", display_name="오수빈")
    company = client_for(welder_admin)

    sent = _post(
        company, f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": seeker.pk, "message": "면접 제안"}
    )
    assert sent.status_code == 201, sent.content
    (before,) = company.get(f"/api/v1/jobs/{job.pk}/matches").json()
    assert before["name"] == "오*빈"

    interest = client_for(seeker).get("/api/v1/seekers/me/interests").json()[0]
    refused = _post(client_for(seeker), f"/api/v1/interests/{interest['id']}/respond", {"accept": True})
    assert refused.status_code == 422  # accepting hands over the contact: consent first
    accepted = _post(
        client_for(seeker), f"/api/v1/interests/{interest['id']}/respond", {"accept": True, "consent": True}
    )
    assert accepted.json()["status"] == "accepted"

    (after,) = company.get(f"/api/v1/jobs/{job.pk}/matches").json()
    assert after["name"] == "오*빈" and after["applied"] is True  # a list stays masked
    application = Application.objects.get(seeker=seeker)
    assert application.origin == "interest" and after["application_id"] == application.pk
    assert application.message == ""  # the company's message is not the seeker's
    # The application's page has the whole name and contact, and its read is recorded.
    assert company.get(f"/api/v1/applications/{application.pk}").json()["applicant"]["name"] == "오수빈"


@pytest.mark.django_db
def test_profile_input_is_checked_and_the_first_save_needs_the_consent(seeker):
    client = client_for(seeker)
    assert _post(client, "/api/v1/seekers/me", {}).status_code == 405
    no_consent = client.put("/api/v1/seekers/me", {"experience_years": 2}, content_type="application/json")
    assert no_consent.status_code == 422 and "consent" in no_consent.json()["detail"]
    for body, field in [
        ({"qualifications": ["없는자격"], "consent": True}, "qualifications"),
        ({"qualifications": ["smaw-craftsman", "용접기능사"], "consent": True}, "qualifications"),
        ({"desired_wage": 40_000_000_000, "consent": True}, "desired_wage"),
        ({"preferred_complexes": ["gangnam"], "consent": True}, "preferred_complexes"),
        ({"phone": "전화 주세요", "consent": True}, "phone"),
        ({"headline": "주민번호 900101-1234567", "consent": True}, "headline"),
    ]:
        response = client.put("/api/v1/seekers/me", body, content_type="application/json")
        assert response.status_code == 422, (body, response.content)
        assert field in response.content.decode()
    assert not SeekerProfile.objects.exists()
    saved = client.put(
        "/api/v1/seekers/me", {"consent": True, "discoverable": True}, content_type="application/json"
    )
    assert saved.status_code == 200 and saved.json()["consent_notice_version"]
    assert client.get("/api/v1/seekers/me").json()["discoverable"] is True


@pytest.mark.django_db
def test_other_roles_have_no_seeker_profile_and_companies_cannot_apply(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    put = client_for(welder_admin).put(
        "/api/v1/seekers/me", {"consent": True}, content_type="application/json"
    )
    assert put.status_code == 403
    assert (
        _post(client_for(welder_admin), f"/api/v1/jobs/{job.pk}/applications", {"consent": True}).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_closed_posting_takes_no_applications_and_leaves_the_public_list(
    welder_company, welder_admin, client
):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("late")
    assert (
        _post(client_for(welder_admin), f"/api/v1/jobs/{job.pk}/close", {"filled": True}).json()["status"]
        == "filled"
    )

    assert (
        _post(client_for(seeker), f"/api/v1/jobs/{job.pk}/applications", {"consent": True}).status_code == 404
    )
    assert client.get("/api/v1/jobs").json()["count"] == 0


@pytest.mark.django_db
def test_postings_of_a_hidden_company_are_not_public(welder_admin, client):
    hidden = OrganizationFactory(name="비공개용접", is_public=False)
    member = MembershipFactory(organization=hidden, user__username="hidden-admin").user
    job = open_job(member, hidden)
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert client_for(member).get(f"/api/v1/jobs/{job.pk}").status_code == 200


@pytest.mark.django_db
def test_open_postings_are_found_by_search_and_leave_it_when_closed_or_hidden(
    welder_company, welder_admin, operator, client
):
    job = open_job(welder_admin, welder_company, title="플랜트 배관 용접공")
    draft = services.job_create(
        actor=welder_admin, company=welder_company, data=job_input(title="초안 제관공")
    )

    def found(query: str) -> set[str]:
        return {r["url"] for r in client.get("/api/v1/search", {"q": query}).json()["results"]}

    assert job.get_absolute_url() in found("배관 용접공")
    assert draft.get_absolute_url() not in found("초안 제관공")
    # Hiding the company takes its postings out of search with it (a posting carries its company).
    welder_company.is_public = False
    registry.organization_save_from_admin(
        actor=operator, organization=welder_company, changed_fields=["is_public"], creating=False
    )
    assert job.get_absolute_url() not in found("배관 용접공")
    welder_company.is_public = True
    registry.organization_save_from_admin(
        actor=operator, organization=welder_company, changed_fields=["is_public"], creating=False
    )
    assert job.get_absolute_url() in found("배관 용접공")
    services.job_close(actor=welder_admin, job=job)
    assert job.get_absolute_url() not in found("배관 용접공")
