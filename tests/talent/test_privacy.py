"""A seeker's personal data: another company never sees an applicant's contact; every read of a
profile by a company is recorded; the scheduled destruction removes expired data and logs it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ppuri.core.models import AccessRecord
from ppuri.talent.models import Application, Interest, RetentionRun, SeekerProfile
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory
from tests.talent.conftest import make_seeker, open_job


@pytest.fixture
def rival():
    company = OrganizationFactory(name="경쟁용접(주)")
    SiteFactory(organization=company)
    return MembershipFactory(organization=company, user__username="rival-admin").user, company


def _apply(seeker, job):
    response = client_for(seeker).post(
        f"/api/v1/jobs/{job.pk}/applications", {"consent": True}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.django_db
def test_another_company_never_sees_an_applicants_contact(welder_company, welder_admin, rival):
    rival_admin, rival_company = rival
    job = open_job(welder_admin, welder_company)
    rival_job = open_job(rival_admin, rival_company, title="경쟁사 용접공")
    seeker = make_seeker("applicant", display_name="배하늘")
    application_id = _apply(seeker, job)
    company = client_for(rival_admin)

    assert company.get(f"/api/v1/applications/{application_id}").status_code == 404
    assert company.get("/api/v1/applications").json() == []
    assert company.get(f"/api/v1/jobs/{job.pk}/matches").status_code == 403  # visible, not theirs
    (row,) = company.get(f"/api/v1/jobs/{rival_job.pk}/matches").json()
    assert row["seeker_id"] == seeker.pk
    for secret in ("배하늘", "applicant@mail.example", "010-2345-6789"):
        assert secret not in str(row)
    for path in ("/api/v1/jobs", f"/api/v1/jobs/{job.pk}", "/api/v1/seekers/me"):
        assert "applicant@mail.example" not in company.get(path).content.decode()


@pytest.mark.django_db
def test_every_read_of_a_seekers_profile_by_a_company_is_recorded(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("recorded")
    application_id = _apply(seeker, job)
    profile = SeekerProfile.objects.get(user=seeker)

    for _ in range(2):
        client_for(welder_admin).get(f"/api/v1/applications/{application_id}")

    records = AccessRecord.objects.filter(kind="seeker", target_id=str(profile.pk))
    assert records.count() == 2
    assert set(records.values_list("username", flat=True)) == {"welder-admin"}
    assert set(records.values_list("path", flat=True)) == {f"/api/v1/applications/{application_id}"}


@pytest.mark.django_db
def test_the_destruction_task_removes_expired_seeker_data_and_logs_it(welder_company, welder_admin, settings):
    settings.PPURI_TALENT_RETENTION_DAYS = 1095
    job = open_job(welder_admin, welder_company)
    idle = make_seeker("idle")
    active = make_seeker("active")
    _apply(idle, job)
    _apply(active, job)
    Interest.objects.create(job=job, seeker=idle)
    long_ago = timezone.now() - datetime.timedelta(days=1096)
    SeekerProfile.objects.filter(user=idle).update(last_active_at=long_ago)
    out = StringIO()

    call_command("purge_seeker_data", stdout=out)

    assert not SeekerProfile.objects.filter(user=idle).exists()
    assert not Application.objects.filter(seeker=idle).exists()
    assert not Interest.objects.filter(seeker=idle).exists()
    assert SeekerProfile.objects.filter(user=active).exists()
    assert Application.objects.filter(seeker=active).exists()
    run = RetentionRun.objects.get()
    assert (run.profiles_destroyed, run.applications_destroyed, run.interests_destroyed) == (1, 1, 1)
    assert "1 profiles, 1 applications and 1 invitations destroyed" in out.getvalue()
    # Nothing more to destroy on the next day's run; the run is logged all the same.
    call_command("purge_seeker_data", stdout=StringIO())
    assert RetentionRun.objects.count() == 2 and RetentionRun.objects.first().profiles_destroyed == 0


@pytest.mark.django_db
def test_a_company_stops_seeing_the_contact_180_days_after_a_refusal(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("refused", display_name="서바다")
    application_id = _apply(seeker, job)
    company = client_for(welder_admin)
    refused = company.post(
        f"/api/v1/applications/{application_id}/stage", {"stage": "rejected"}, content_type="application/json"
    )
    assert refused.status_code == 200, refused.content

    def applicant():
        return company.get(f"/api/v1/applications/{application_id}").json()["applicant"]

    assert applicant()["phone"] == "010-2345-6789"  # the day it closed
    Application.objects.filter(pk=application_id).update(
        updated_at=timezone.now() - datetime.timedelta(days=179)
    )
    assert applicant()["email"] == "refused@mail.example"
    Application.objects.filter(pk=application_id).update(
        updated_at=timezone.now() - datetime.timedelta(days=181)
    )
    masked = applicant()
    assert "010-2345-6789" not in str(masked) and "refused@mail.example" not in str(masked)
    assert "서바다" not in str(masked)


@pytest.mark.django_db
def test_a_hired_applicants_contact_stays_with_the_company(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("hired")
    application_id = _apply(seeker, job)
    company = client_for(welder_admin)
    for stage in ("reviewing", "interview", "offer", "hired"):
        body = (
            {"stage": stage, "hired_on": timezone.localdate().isoformat()}
            if stage == "hired"
            else {"stage": stage}
        )
        moved = company.post(
            f"/api/v1/applications/{application_id}/stage", body, content_type="application/json"
        )
        assert moved.status_code == 200, moved.content
    Application.objects.filter(pk=application_id).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )

    assert (
        company.get(f"/api/v1/applications/{application_id}").json()["applicant"]["phone"] == "010-2345-6789"
    )


@pytest.mark.django_db
def test_the_notices_state_the_configured_retention_period(client, welder_company, welder_admin, settings):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("reader")
    page = client_for(seeker)

    settings.PPURI_TALENT_RETENTION_DAYS = 3 * 365
    text = page.get(f"/jobs/{job.pk}/").content.decode()
    assert "마지막 활동 후 3년이 지나면 파기합니다" in text
    assert "불합격이나 지원 취소로 끝나면 180일 뒤 기업은 더 볼 수 없고" in text

    settings.PPURI_TALENT_RETENTION_DAYS = 400
    text = page.get("/jobs/me/").content.decode()
    assert "마지막 활동 후 400일이 지나면 파기합니다" in text and "3년" not in text


@pytest.mark.django_db
def test_a_seekers_sign_in_counts_as_activity(client):
    seeker = make_seeker("returning")
    long_ago = timezone.now() - datetime.timedelta(days=900)
    SeekerProfile.objects.filter(user=seeker).update(last_active_at=long_ago)
    seeker.set_password("a-long-passphrase-2026")
    seeker.save()

    response = client.post(
        "/accounts/login/", {"username": "returning", "password": "a-long-passphrase-2026"}
    )

    assert response.status_code == 302, response.content
    assert SeekerProfile.objects.get(user=seeker).last_active_at > timezone.now() - datetime.timedelta(
        minutes=1
    )


@pytest.mark.django_db
def test_the_back_office_shows_no_seeker_or_message_of_an_application(welder_company, welder_admin, operator):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("admin-read", display_name="문가람")
    client_for(seeker).post(
        f"/api/v1/jobs/{job.pk}/applications",
        {"consent": True, "message": "MESSAGE-MARK 야간 근무 가능"},
        content_type="application/json",
    )
    application = Application.objects.get(seeker=seeker)
    admin = client_for(operator)

    for path in ("/admin/talent/application/", f"/admin/talent/application/{application.pk}/change/"):
        response = admin.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "MESSAGE-MARK" not in text and "문가람" not in text and "admin-read" not in text, path
    assert job.title in admin.get(f"/admin/talent/application/{application.pk}/change/").content.decode()
