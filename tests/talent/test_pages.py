"""The talent pages' own input: a year that is not a year, odd digits in hidden fields (never a 500),
and what the company's match page shows of an applicant."""

import pytest

from ppuri.reference.models import Qualification
from ppuri.talent.models import SeekerProfile
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.talent.conftest import make_seeker, open_job


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["20x4", "²⁰²⁴", "1"])
def test_a_year_that_is_not_a_year_is_refused_beside_the_qualifications(year):
    seeker = UserFactory(username="kim", role="seeker")
    smaw = Qualification.objects.get(slug="smaw-craftsman")

    response = client_for(seeker).post(
        "/jobs/me/",
        {"qualifications": [smaw.pk], f"year_{smaw.pk}": year, "experience_years": 1, "consent": "on"},
    )

    assert response.status_code == 200
    assert "네 자리 숫자" in str(response.context["form"].errors["qualifications"])
    assert not SeekerProfile.objects.exists()


@pytest.mark.django_db
def test_an_invitation_with_a_seeker_id_of_odd_digits_is_refused_not_a_500(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    response = client_for(welder_admin).post(f"/jobs/{job.pk}/invite/", {"seeker_id": "²", "message": ""})
    assert response.status_code == 200
    assert "인재 검색을 허용한 구직자가 아닙니다" in response.content.decode()


@pytest.mark.django_db
def test_the_match_page_masks_an_applicant_and_links_the_application_whose_open_is_recorded(
    welder_company, welder_admin
):
    from ppuri.core.models import AccessRecord
    from ppuri.talent import services

    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("applicant", display_name="한지원")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    company = client_for(welder_admin)

    page = company.get(f"/jobs/{job.pk}/matches/").content.decode()

    assert "한*원" in page and "한지원" not in page and "applicant@mail.example" not in page
    assert f"/jobs/applications/{application.pk}/" in page
    assert not AccessRecord.objects.filter(kind="seeker").exists()
    assert "한지원" in company.get(f"/jobs/applications/{application.pk}/").content.decode()
    assert AccessRecord.objects.filter(kind="seeker", username="welder-admin").count() == 1
