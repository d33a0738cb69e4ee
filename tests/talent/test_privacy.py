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
