"""More bad input to the talent API, pages and services: a posting moved to another company, edited
after it closed or given another company's site; invitations a company may not send; an application
withdrawn twice; a hire at another company's site. Each is a clear refusal (a 422 naming the field in
the API, the message on the page), never a 500, and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ppuri.core.models import ActivityLog
from ppuri.reference.models import Complex
from ppuri.talent import services
from ppuri.talent.models import Application, ApplicationEvent, Interest, JobPosting
from tests.conftest import client_for
from tests.talent.conftest import job_input, make_seeker, open_job

BODY = {
    "title": "TIG 용접 기능공",
    "description": "스테인리스 배관 TIG 용접",
    "technology": "welding",
    "processes": ["welding.mig-mag"],
    "required_qualifications": ["gtaw-craftsman"],
    "preferred_qualifications": [],
    "experience_years_min": 3,
    "employment_type": "fixed_term",
    "shift": "two_shift",
    "wage_min": 3_100_000,
    "wage_max": 3_900_000,
    "dormitory": True,
    "commuter_bus": False,
    "positions": 4,
}


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def _put(client, path, body):
    return client.put(path, body, content_type="application/json")


def posting_state(job: JobPosting) -> dict:
    """Every column of the posting and its three lists, to compare before and after a refused write."""
    row = JobPosting.objects.filter(pk=job.pk).values().get()
    return {
        **row,
        "processes": sorted(job.processes.values_list("slug", flat=True)),
        "required": sorted(job.required_qualifications.values_list("slug", flat=True)),
        "preferred": sorted(job.preferred_qualifications.values_list("slug", flat=True)),
    }


def field_errors(response) -> dict:
    """The 422's detail: {field: [messages]} (a refusal about no one field is under "__all__")."""
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, dict), detail
    return detail


# --- a posting's edit ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_posting_cannot_be_moved_to_another_company(welder_company, welder_admin, other_company):
    job = open_job(welder_admin, welder_company)
    before = posting_state(job)
    site = welder_company.sites.get()

    response = _put(
        client_for(welder_admin),
        f"/api/v1/jobs/{job.pk}",
        {**BODY, "company_id": other_company.pk, "site_id": site.pk},
    )

    detail = field_errors(response)
    assert list(detail) == ["company_id"]
    assert "바꿀 수 없습니다" in detail["company_id"][0]
    assert posting_state(job) == before
    assert not ActivityLog.objects.filter(verb="talent.job.updated").exists()
    # The same body with the posting's own company is taken: the company was the only fault.
    taken = _put(
        client_for(welder_admin),
        f"/api/v1/jobs/{job.pk}",
        {**BODY, "company_id": welder_company.pk, "site_id": site.pk},
    )
    assert taken.status_code == 200, taken.content
    assert posting_state(job)["title"] == BODY["title"] != before["title"]


@pytest.mark.django_db
def test_a_posting_cannot_be_moved_to_a_company_that_does_not_exist(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    before = posting_state(job)

    response = _put(client_for(welder_admin), f"/api/v1/jobs/{job.pk}", {**BODY, "company_id": 987_654})

    assert list(field_errors(response)) == ["company_id"]
    assert posting_state(job) == before


@pytest.mark.django_db
@pytest.mark.parametrize("filled", [False, True])
def test_a_closed_posting_cannot_be_edited(welder_company, welder_admin, filled):
    job = services.job_close(actor=welder_admin, job=open_job(welder_admin, welder_company), filled=filled)
    before = posting_state(job)

    response = _put(
        client_for(welder_admin), f"/api/v1/jobs/{job.pk}", {**BODY, "company_id": welder_company.pk}
    )

    detail = field_errors(response)
    assert detail == {"__all__": ["마감된 공고는 고칠 수 없습니다."]}
    assert posting_state(job) == before
    assert before["status"] == ("filled" if filled else "closed")
    assert not ActivityLog.objects.filter(verb="talent.job.updated").exists()
    # The service says the same to any caller.
    with pytest.raises(ValidationError, match="마감된 공고는 고칠 수 없습니다"):
        services.job_update(actor=welder_admin, job=job, data=job_input(title="고친 제목"))
    assert posting_state(job) == before


@pytest.mark.django_db
def test_a_posting_cannot_name_another_companys_site(welder_company, welder_admin, other_company):
    job = open_job(welder_admin, welder_company)
    before = posting_state(job)
    foreign_site = other_company.sites.get()

    response = _put(
        client_for(welder_admin),
        f"/api/v1/jobs/{job.pk}",
        {**BODY, "company_id": welder_company.pk, "site_id": foreign_site.pk},
    )

    detail = field_errors(response)
    assert list(detail) == ["site_id"]
    assert posting_state(job) == before
    assert JobPosting.objects.filter(site=foreign_site).count() == 0
    # A site id that is no site at all is refused the same way.
    missing = _put(
        client_for(welder_admin),
        f"/api/v1/jobs/{job.pk}",
        {**BODY, "company_id": welder_company.pk, "site_id": 987_654},
    )
    assert list(field_errors(missing)) == ["site_id"]
    # Nor can the service be given one (it names its own field, `site`).
    with pytest.raises(ValidationError) as refused:
        services.job_update(
            actor=welder_admin,
            job=job,
            data=job_input(site=foreign_site, complex=Complex.objects.get(slug="namdong")),
        )
    assert list(refused.value.message_dict) == ["site"]
    assert posting_state(job) == before


# --- invitations --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_invitation_to_a_seeker_who_is_not_discoverable(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    hidden = make_seeker("hidden-seeker", discoverable=False)

    response = _post(client_for(welder_admin), f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": hidden.pk})

    detail = field_errors(response)
    assert list(detail) == ["seeker_id"]
    assert "인재 검색을 허용한 구직자가 아닙니다" in detail["seeker_id"][0]
    assert not Interest.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.interest_send(actor=welder_admin, job=job, seeker_id=hidden.pk)
    assert list(refused.value.message_dict) == ["seeker_id"]
    assert not Interest.objects.exists()
    # The page says so above the list (its form has no seeker field), and writes nothing.
    page = client_for(welder_admin).post(f"/jobs/{job.pk}/invite/", {"seeker_id": hidden.pk, "message": ""})
    assert page.status_code == 200
    assert "인재 검색을 허용한 구직자가 아닙니다" in page.content.decode()
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_no_invitation_to_a_seeker_whose_account_is_deactivated(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    gone = make_seeker("gone-seeker")
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    response = _post(client_for(welder_admin), f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": gone.pk})

    assert list(field_errors(response)) == ["seeker_id"]
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_a_second_invitation_for_the_same_posting_and_seeker_is_refused(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("sought-after")
    company = client_for(welder_admin)
    first = _post(company, f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": seeker.pk, "message": "첫 제안"})
    assert first.status_code == 201, first.content

    again = _post(company, f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": seeker.pk, "message": "다시"})

    assert field_errors(again) == {"__all__": ["이미 이 공고로 제안한 구직자입니다."]}
    (interest,) = Interest.objects.all()
    assert interest.message == "첫 제안"
    with pytest.raises(ValidationError, match="이미 이 공고로 제안한"):
        services.interest_send(actor=welder_admin, job=job, seeker_id=seeker.pk, message="세 번째")
    page = company.post(f"/jobs/{job.pk}/invite/", {"seeker_id": seeker.pk, "message": "네 번째"})
    assert page.status_code == 200
    assert "이미 이 공고로 제안한 구직자입니다" in page.content.decode()
    assert Interest.objects.count() == 1
    assert ActivityLog.objects.filter(verb="talent.interest.sent").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("filled", [False, True])
def test_no_invitation_from_a_closed_posting(welder_company, welder_admin, filled):
    job = open_job(welder_admin, welder_company)
    invited = make_seeker("invited-before")
    late = make_seeker("invited-late")
    services.interest_send(actor=welder_admin, job=job, seeker_id=invited.pk)
    job = services.job_close(actor=welder_admin, job=job, filled=filled)

    response = _post(client_for(welder_admin), f"/api/v1/jobs/{job.pk}/interests", {"seeker_id": late.pk})

    assert field_errors(response) == {"__all__": ["모집 중인 공고로만 지원을 제안할 수 있습니다."]}
    with pytest.raises(ValidationError, match="모집 중인 공고로만"):
        services.interest_send(actor=welder_admin, job=job, seeker_id=late.pk)
    page = client_for(welder_admin).post(f"/jobs/{job.pk}/invite/", {"seeker_id": late.pk, "message": ""})
    assert page.status_code == 200
    assert "모집 중인 공고로만 지원을 제안할 수 있습니다" in page.content.decode()
    assert list(Interest.objects.values_list("seeker_id", flat=True)) == [invited.pk]


@pytest.mark.django_db
def test_an_invitation_from_a_posting_read_before_it_closed_is_refused(welder_company, welder_admin):
    # The caller holds the posting as it was read (open); it is closed before the invitation is sent.
    stale = open_job(welder_admin, welder_company)
    services.job_close(actor=welder_admin, job=JobPosting.objects.get(pk=stale.pk), filled=False)
    late = make_seeker("invited-after-closing")

    with pytest.raises(ValidationError, match="모집 중인 공고로만"):
        services.interest_send(actor=welder_admin, job=stale, seeker_id=late.pk)

    assert not Interest.objects.exists()


def stages_of(application: Application) -> list[str]:
    events = ApplicationEvent.objects.filter(application=application).order_by("pk")
    return list(events.values_list("stage", flat=True))


# --- withdrawing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_twice_through_the_api_is_refused_the_second_time(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("changes-mind")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    client = client_for(seeker)

    first = _post(client, f"/api/v1/applications/{application.pk}/withdraw", {})
    assert first.status_code == 200, first.content
    assert first.json()["stage"] == "withdrawn"
    second = _post(client, f"/api/v1/applications/{application.pk}/withdraw", {})

    # Not idempotent: the second answer is a refusal about the application as a whole.
    assert field_errors(second) == {"__all__": ["진행 중인 지원만 취소할 수 있습니다."]}
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    assert stages_of(application) == ["received", "withdrawn"]
    assert ActivityLog.objects.filter(verb="talent.application.withdrawn").count() == 1


@pytest.mark.django_db
def test_withdrawing_twice_through_the_service_and_the_page_is_refused_the_second_time(
    welder_company, welder_admin
):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("changes-mind")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    services.application_withdraw(actor=seeker, application=application)

    with pytest.raises(ValidationError, match="진행 중인 지원만 취소할 수 있습니다"):
        services.application_withdraw(actor=seeker, application=application)
    page = client_for(seeker).post(f"/jobs/applications/{application.pk}/withdraw/", follow=True)

    assert page.status_code == 200
    shown = [str(m) for m in page.context["messages"]]
    assert shown == ["진행 중인 지원만 취소할 수 있습니다."]
    assert stages_of(application) == ["received", "withdrawn"]
    assert ActivityLog.objects.filter(verb="talent.application.withdrawn").count() == 1


@pytest.mark.django_db
def test_a_rejected_application_cannot_be_withdrawn(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("turned-down")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    services.application_stage(actor=welder_admin, application=application, stage="rejected")

    response = _post(client_for(seeker), f"/api/v1/applications/{application.pk}/withdraw", {})

    assert field_errors(response) == {"__all__": ["진행 중인 지원만 취소할 수 있습니다."]}
    application.refresh_from_db()
    assert application.stage == "rejected"
    assert not ApplicationEvent.objects.filter(stage="withdrawn").exists()


# --- a hire -------------------------------------------------------------------------------------------


@pytest.fixture
def offer(welder_company, welder_admin):
    """An application at the offer stage, one step from a hire."""
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("almost-hired")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    return services.application_stage(actor=welder_admin, application=application, stage="offer")


def assert_not_hired(application: Application) -> None:
    application.refresh_from_db()
    assert application.stage == "offer"
    assert application.hired_on is None and application.hire_site_id is None
    assert not ApplicationEvent.objects.filter(application=application, stage="hired").exists()
    assert not ActivityLog.objects.filter(verb="talent.application.hired").exists()


@pytest.mark.django_db
def test_a_hire_at_another_companys_site_is_refused_through_the_api(offer, welder_admin, other_company):
    foreign_site = other_company.sites.get()

    response = _post(
        client_for(welder_admin),
        f"/api/v1/applications/{offer.pk}/stage",
        {"stage": "hired", "hired_on": datetime.date.today().isoformat(), "hire_site_id": foreign_site.pk},
    )

    # Named as the API names the field.
    detail = field_errors(response)
    assert list(detail) == ["hire_site_id"]
    assert "이 기업의 사업장이 아닙니다" in detail["hire_site_id"][0]
    assert_not_hired(offer)
    # A site id that is no site is refused before the service, naming the API's field.
    missing = _post(
        client_for(welder_admin),
        f"/api/v1/applications/{offer.pk}/stage",
        {"stage": "hired", "hired_on": datetime.date.today().isoformat(), "hire_site_id": 987_654},
    )
    assert list(field_errors(missing)) == ["hire_site_id"]
    assert_not_hired(offer)


@pytest.mark.django_db
def test_a_hire_at_another_companys_site_is_refused_by_the_service_and_the_page(
    offer, welder_admin, other_company
):
    foreign_site = other_company.sites.get()

    with pytest.raises(ValidationError) as refused:
        services.application_stage(
            actor=welder_admin,
            application=offer,
            stage="hired",
            hired_on=datetime.date.today(),
            hire_site=foreign_site,
        )
    assert list(refused.value.message_dict) == ["hire_site"]
    assert_not_hired(offer)

    page = client_for(welder_admin).post(
        f"/jobs/applications/{offer.pk}/stage/",
        {"stage": "hired", "hired_on": datetime.date.today().isoformat(), "hire_site": foreign_site.pk},
    )
    assert page.status_code == 200
    assert "hire_site" in page.context["form"].errors
    assert_not_hired(offer)
