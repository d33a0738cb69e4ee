"""The operators' page of the wage-arrears list: marking closes the company's postings and stops new
ones until the mark is cleared; bad input is refused naming the field, and nothing is written."""

import datetime

import pytest
from django.utils import timezone

from ppuri.core.models import ActivityLog
from ppuri.talent.models import JobPosting, WageArrearsMark
from tests.conftest import client_for
from tests.talent.conftest import open_job


@pytest.mark.django_db
def test_an_operator_marks_a_company_and_clears_it_on_the_page(welder_company, welder_admin, operator):
    job = open_job(welder_admin, welder_company)
    page = client_for(operator)

    response = page.post(
        "/jobs/wage-arrears/",
        {
            "company": welder_company.pk,
            "listed_on": "2026-09-01",
            "source": "고용노동부 체불사업주 명단 2026-09-01",
        },
    )

    assert response.status_code == 302
    mark = WageArrearsMark.objects.get()
    assert JobPosting.objects.get(pk=job.pk).status == "closed"
    listed = page.get("/jobs/wage-arrears/").content.decode()
    assert "한빛용접(주)" in listed and "2026-09-01" in listed
    # The company's own page says why it cannot publish.
    assert (
        "임금체불 명단(2026-09-01 공개)" in client_for(welder_admin).get(f"/jobs/{job.pk}/").content.decode()
    )

    cleared = page.post(
        f"/jobs/wage-arrears/{mark.pk}/clear/", {"reason": "청산 확인(노동청 회신 2026-11-20)"}
    )

    assert cleared.status_code == 302
    mark.refresh_from_db()
    assert mark.cleared_at is not None and mark.cleared_by == operator
    assert {"talent.wage_arrears.marked", "talent.wage_arrears.cleared"} <= set(
        ActivityLog.objects.values_list("verb", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"listed_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "listed_on"),
        ({"source": ""}, "source"),
        ({"company": 999_999}, "company"),
        ({"source": "담당 900101-1234567"}, "source"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(welder_company, operator, change, field):
    data = {"company": welder_company.pk, "listed_on": "2026-09-01", "source": "공개 명단", **change}

    response = client_for(operator).post("/jobs/wage-arrears/", data)

    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not WageArrearsMark.objects.exists()


@pytest.mark.django_db
def test_a_clear_without_a_reason_or_with_a_resident_number_changes_nothing(welder_company, operator):
    page = client_for(operator)
    page.post(
        "/jobs/wage-arrears/", {"company": welder_company.pk, "listed_on": "2026-09-01", "source": "명단"}
    )
    mark = WageArrearsMark.objects.get()
    for reason in ("", "담당 900101-1234567"):
        response = page.post(f"/jobs/wage-arrears/{mark.pk}/clear/", {"reason": reason}, follow=True)
        assert response.status_code == 200
        mark.refresh_from_db()
        assert mark.cleared_at is None and mark.clear_reason == ""
    assert "주민등록번호" in response.content.decode()


@pytest.mark.django_db
def test_only_operators_keep_the_list(welder_company, welder_admin, client):
    assert client_for(welder_admin).get("/jobs/wage-arrears/").status_code == 403
    assert (
        client_for(welder_admin)
        .post("/jobs/wage-arrears/", {"company": welder_company.pk, "listed_on": "2026-09-01", "source": "x"})
        .status_code
        == 403
    )
    assert client.get("/jobs/wage-arrears/").status_code == 302
    assert not WageArrearsMark.objects.exists()
