"""Tenure of a hire from the jobs app: the hire starts an employment, the company confirms milestones
and records a separation on its page and through the API; other companies see nothing of it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ppuri.core import clock
from ppuri.talent import services as talent
from ppuri.talent.models import Application
from ppuri.tenure.models import Employment
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory
from tests.talent.conftest import make_seeker, open_job


@pytest.fixture
def hire(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("new-hire")
    application = talent.application_submit(actor=seeker, job=job, message="", consent=True)
    for stage in ("reviewing", "interview", "offer"):
        talent.application_stage(actor=welder_admin, application=application, stage=stage)
    hired_on = timezone.localdate() - timedelta(days=200)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - timedelta(days=220))
    application.refresh_from_db()
    talent.application_stage(actor=welder_admin, application=application, stage="hired", hired_on=hired_on)
    return Employment.objects.get(job_application=application)


@pytest.mark.django_db
def test_a_hire_in_the_jobs_app_starts_one_employment(hire, welder_company):
    assert hire.company == welder_company and hire.source == "job_application"
    assert hire.complex is not None and hire.technology.slug == "welding"
    assert Employment.objects.count() == 1


@pytest.mark.django_db
def test_the_company_confirms_a_milestone_and_records_a_separation_through_the_api(hire, welder_admin):
    company = client_for(welder_admin)

    listed = company.get("/api/v1/employments").json()
    assert [row["id"] for row in listed] == [hire.pk]
    states = {m["milestone"]: m["state"] for m in listed[0]["milestones"]}
    assert states["100d"] == "awaiting" and states["12m"] == "upcoming"

    early = company.post(f"/api/v1/employments/{hire.pk}/milestones/12m/confirm")
    assert early.status_code == 422 and "milestone" in early.content.decode()
    confirmed = company.post(f"/api/v1/employments/{hire.pk}/milestones/100d/confirm")
    assert confirmed.status_code == 200
    assert {m["milestone"]: m["state"] for m in confirmed.json()["milestones"]}["100d"] == "confirmed"

    bad = company.post(
        f"/api/v1/employments/{hire.pk}/separation",
        {"date": (hire.hired_on - timedelta(days=1)).isoformat(), "reason": "voluntary"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "date" in bad.content.decode()
    left = company.post(
        f"/api/v1/employments/{hire.pk}/separation",
        {"date": (timezone.localdate() - timedelta(days=3)).isoformat(), "reason": "contract_end"},
        content_type="application/json",
    )
    assert left.status_code == 200 and left.json()["separation_reason"] == "contract_end"
    states = {m["milestone"]: m["state"] for m in left.json()["milestones"]}
    assert states["12m"] == "lost" and states["100d"] == "confirmed"


@pytest.mark.django_db
def test_another_company_neither_sees_nor_changes_the_hire(hire):
    rival = OrganizationFactory(name="경쟁정밀(주)")
    SiteFactory(organization=rival)
    rival_admin = MembershipFactory(organization=rival, user__username="rival-hr").user
    client = client_for(rival_admin)

    assert client.get("/api/v1/employments").json() == []
    assert client.post(f"/api/v1/employments/{hire.pk}/milestones/100d/confirm").status_code == 404
    assert (
        client.post(f"/tenure/{hire.pk}/separation/", {"date": "2026-01-05", "reason": "other"}).status_code
        == 404
    )
    hire.refresh_from_db()
    assert hire.separated_on is None


@pytest.mark.django_db
def test_the_tenure_page_lists_the_hire_masked_and_records_a_separation(hire, welder_admin):
    page = client_for(welder_admin)
    text = page.get("/tenure/").content.decode()
    assert f'data-testid="employment-{hire.pk}"' in text
    assert f'data-testid="confirm-{hire.pk}-100d"' in text
    assert "new-hire" not in text  # the person masked

    bad = page.post(f"/tenure/{hire.pk}/separation/", {"date": "not a date", "reason": "other"}, follow=True)
    assert "YYYY-MM-DD" in bad.content.decode()
    with clock.fixed(timezone.localdate()):
        page.post(
            f"/tenure/{hire.pk}/separation/", {"date": timezone.localdate().isoformat(), "reason": "other"}
        )
    hire.refresh_from_db()
    assert hire.separated_on == timezone.localdate() and hire.separation_reason == "other"
    assert date.today() >= hire.separated_on
