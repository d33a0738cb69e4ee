"""The API of issue 15 as its contract names it: programmes with the ledger, applications with every
rule's verdict, approve and reject (409 with the reason), separation, retention; bad input is a 422
naming the field and writes nothing; who may call what."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ppuri.incentives.models import IncentiveApplication, IncentiveCase, Program
from tests.conftest import client_for
from tests.incentives.conftest import SCHEDULE, make_program, submit

# Before the fixed hire date of 2026-10-05, whatever today is ("60 days ago" passed it in December).
APPLIED_AT = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)

PROGRAM = {
    "name": "2019형 청년 경력형성 장려금",
    "budget": 1_580_000_000,
    "headcount_cap": 300,
    "per_company_cap": 3,
    "per_root_company_cap": 5,
    "age_min": 19,
    "age_max": 39,
    "hire_from": "2026-01-01",
    "hire_to": "2026-12-31",
    "min_employees": 5,
    "complexes": ["namdong", "juan"],
    "installments": SCHEDULE,
}


APPLICATIONS = "/api/v1/incentives/applications"
PERSON = {"name": "이바다", "birth_year_month": "2000-09", "incheon_resident": True, "phone": "010-3456-7890"}


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def _application_body(program, company, **changes):
    body = {
        "program_id": program.pk,
        "company_id": company.pk,
        "person": PERSON,
        "hire_date": "2026-03-02",
        "site_id": company.sites.first().pk,
        "full_time": True,
        "contract_months": 0,
        "wage": 2_900_000,
    }
    body.update(changes)
    return body


@pytest.mark.django_db
def test_an_operator_creates_a_programme_anyone_reads_its_rules_and_the_labor_office_its_ledger(
    operator_user, company_admin, client, reviewer
):
    assert _post(client_for(company_admin), "/api/v1/incentives/programs", PROGRAM).status_code == 403
    created = _post(client_for(operator_user), "/api/v1/incentives/programs", PROGRAM)
    assert created.status_code == 201, created.content
    program = created.json()
    assert program["name"] == PROGRAM["name"] and program["amount_per_person"] == 3_600_000
    assert program["complexes"] == ["namdong", "juan"]

    public = client.get(f"/api/v1/incentives/programs/{program['id']}").json()
    assert public["installments"] == SCHEDULE
    assert public["ledger"] is None and public["forecast"] is None  # the sums are not the public's
    read = client_for(reviewer).get(f"/api/v1/incentives/programs/{program['id']}").json()
    assert read["ledger"] == {
        "budget": 1_580_000_000, "committed": 0, "released": 0, "approved": 0, "paid": 0, "recovered": 0,
        "outstanding": 0, "remaining": 1_580_000_000, "headcount": 0, "headcount_cap": 300,
    }  # fmt: skip
    assert read["installments"] == SCHEDULE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": 0}, "budget"),
        ({"installments": []}, "installments"),
        ({"installments": [{"month": 6, "amount": 1}, {"month": 3, "amount": 1}]}, "installments"),
        ({"hire_to": "2025-12-31"}, "hire_to"),
        ({"per_root_company_cap": 2}, "per_root_company_cap"),
        ({"complexes": ["nowhere"]}, "complexes"),
        ({"age_min": 40}, "age_max"),
    ],
)
def test_bad_programme_input_is_a_422_naming_the_field(operator_user, change, field):
    response = _post(client_for(operator_user), "/api/v1/incentives/programs", {**PROGRAM, **change})

    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_a_company_applies_and_reads_each_rule_with_its_verdict(program, company, company_admin):
    response = _post(client_for(company_admin), APPLICATIONS, _application_body(program, company))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["eligible"] is True
    assert body["status"] == "awaiting_consent"
    assert [c["rule"] for c in body["checks"]][:2] == ["age", "incheon_residence"]
    assert all(c["passed"] and c["label"] and c["detail"] for c in body["checks"])
    assert body["consent_url"].startswith("http://testserver/incentives/consent/")
    # The consent link's page: the person agrees, and the application joins the queue.
    consent_path = body["consent_url"].removeprefix("http://testserver")
    page = client_for(company_admin).get(consent_path)
    assert "이바다" in page.content.decode() and page["Referrer-Policy"] == "same-origin"
    from django.test import Client

    anonymous = Client()
    assert anonymous.post(consent_path, {}).status_code == 200  # without the box: refused, said why
    assert IncentiveApplication.objects.get().status == "awaiting_consent"
    anonymous.post(consent_path, {"agree": "1"})
    assert IncentiveApplication.objects.get().status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": {**PERSON, "birth_year_month": "2000/09"}}, "person.birth_year_month"),
        ({"person": {**PERSON, "name": ""}}, "person.name"),
        ({"wage": 0}, "wage"),
        ({"hire_date": "2027-01-05"}, "hire_date"),
        ({"site_id": 999_999}, "site_id"),
        ({"program_id": 999_999}, "program_id"),
        ({"person": {"name": "이바다"}}, "birth_year_month"),
    ],
)  # fmt: skip
def test_malformed_application_input_is_a_422_naming_the_field(
    program, company, company_admin, change, field
):
    response = _post(
        client_for(company_admin),
        "/api/v1/incentives/applications",
        _application_body(program, company, **change),
    )

    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not IncentiveApplication.objects.exists()


@pytest.mark.django_db
def test_only_the_companys_members_apply(program, company, company_admin, reviewer, seeker):
    body = _application_body(program, company)
    for outsider in (reviewer, seeker):
        assert _post(client_for(outsider), "/api/v1/incentives/applications", body).status_code == 403
    other = company_admin.__class__.objects.create(username="other-company-admin", role="company")
    assert _post(client_for(other), "/api/v1/incentives/applications", body).status_code == 403
    assert not IncentiveApplication.objects.exists()


@pytest.mark.django_db
def test_approve_and_reject_answer_409_with_the_reason_when_they_cannot(
    operator_user, company, company_admin, reviewer
):
    program = make_program(operator_user, headcount_cap=1)
    first = submit(company_admin, program, company)
    second = submit(company_admin, program, company, person={"name": "최솔", "phone": "010-5555-6666"})
    ineligible = submit(company_admin, program, company, person={"name": "정민", "phone": "010-7777-8888"},
                        hire_date=date(2025, 12, 31))  # fmt: skip
    labor = client_for(reviewer)

    assert (
        _post(
            client_for(company_admin), f"/api/v1/incentives/applications/{first.pk}/approve", {}
        ).status_code
        == 403
    )
    approved = _post(labor, f"/api/v1/incentives/applications/{first.pk}/approve", {})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and len(approved.json()["installments"]) == 4
    full = _post(labor, f"/api/v1/incentives/applications/{second.pk}/approve", {})
    assert full.status_code == 409
    assert full.json()["detail"] == "인원 한도 1명에 도달했습니다. 대기 명단에 올렸습니다."
    assert _post(labor, f"/api/v1/incentives/applications/{first.pk}/approve", {}).status_code == 409
    refused = _post(labor, f"/api/v1/incentives/applications/{ineligible.pk}/approve", {})
    assert refused.status_code == 409 and "입사일 2026-01-01 ~ 2026-12-31" in refused.json()["detail"]

    no_reason = _post(labor, f"/api/v1/incentives/applications/{ineligible.pk}/reject", {"reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]
    rejected = _post(
        labor, f"/api/v1/incentives/applications/{ineligible.pk}/reject", {"reason": "입사일이 사업 기간 밖"}
    )
    assert rejected.status_code == 200 and rejected.json()["decision_reason"] == "입사일이 사업 기간 밖"
    assert (
        _post(
            labor, f"/api/v1/incentives/applications/{ineligible.pk}/reject", {"reason": "다시"}
        ).status_code
        == 409
    )


@pytest.mark.django_db
def test_a_separation_through_the_api_stops_the_later_installments(program, company, company_admin, reviewer):
    application = submit(company_admin, program, company)
    client_for(reviewer).post(f"/api/v1/incentives/applications/{application.pk}/approve")
    case = IncentiveCase.objects.get(application=application)

    bad = _post(client_for(company_admin), f"/api/v1/incentives/cases/{case.pk}/separation",
                {"date": "2026-05-01", "reason": "moved away"})  # fmt: skip
    assert bad.status_code == 422 and "reason" in bad.content.decode()
    response = _post(client_for(company_admin), f"/api/v1/incentives/cases/{case.pk}/separation",
                     {"date": "2026-05-01", "reason": "voluntary"})  # fmt: skip

    assert response.status_code == 200, response.content
    assert response.json()["separated_on"] == "2026-05-01"
    assert {i["status"] for i in response.json()["installments"]} == {"released"}
    ledger = client_for(reviewer).get(f"/api/v1/incentives/programs/{program.pk}").json()["ledger"]
    assert ledger["released"] == 3_600_000 and ledger["headcount"] == 0  # left before any payment
    # Another company cannot record it.
    other = company_admin.__class__.objects.create(username="nosy-admin", role="company")
    assert _post(client_for(other), f"/api/v1/incentives/cases/{case.pk}/separation",
                 {"date": "2026-05-01", "reason": "voluntary"}).status_code == 404  # fmt: skip


@pytest.mark.django_db
def test_a_resident_number_in_a_rejection_reason_or_an_evidence_file_name_is_refused_on_the_page(
    program, company, company_admin, reviewer
):
    application = submit(company_admin, program, company)
    page = client_for(reviewer).post(
        f"/incentives/applications/{application.pk}/reject/", {"reason": "확인 900101-1234567"}, follow=True
    )
    assert "주민등록번호" in page.content.decode()
    assert IncentiveApplication.objects.get(pk=application.pk).status == "pending"
    upload = SimpleUploadedFile(
        "계약서 900101-1234567.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    page = client_for(company_admin).post(
        f"/incentives/applications/{application.pk}/evidence/",
        {"document": "contract", "file": upload},
        follow=True,
    )
    assert "주민등록번호" in page.content.decode()
    assert not application.evidence.exists()


@pytest.mark.django_db
def test_retention_by_participation_marks_the_incentives_hires(program, company, company_admin, reviewer):
    from ppuri.tenure.models import Employment

    application = submit(company_admin, program, company)
    client_for(reviewer).post(f"{APPLICATIONS}/{application.pk}/approve")
    Employment.objects.create(company=company, source="job_application", hired_on=date(2026, 2, 1))

    groups = client_for(reviewer).get("/api/v1/retention?by=incentive").json()["groups"]

    assert {g["group"]: g["hires"] for g in groups} == {"incentive": 1, "none": 1}


@pytest.mark.django_db
def test_a_hire_from_the_jobs_app_is_chosen_on_the_page_and_its_employment_is_the_same(
    program, company, company_admin, reviewer
):
    from ppuri.talent import services as talent
    from ppuri.talent.models import Application
    from ppuri.tenure.models import Employment
    from tests.talent.conftest import job_input, make_seeker

    job = talent.job_open(
        actor=company_admin, job=talent.job_create(actor=company_admin, company=company, data=job_input())
    )
    seeker = make_seeker("hired-youth", display_name="한지우")
    hired = talent.application_submit(actor=seeker, job=job, message="", consent=True)
    Application.objects.filter(pk=hired.pk).update(created_at=APPLIED_AT)
    hired.refresh_from_db()
    for stage in ("reviewing", "interview", "offer"):
        talent.application_stage(actor=company_admin, application=hired, stage=stage)
    talent.application_stage(
        actor=company_admin, application=hired, stage="hired", hired_on=date(2026, 10, 5)
    )
    page = client_for(company_admin)
    form = page.get(f"/incentives/{program.pk}/apply/").content.decode()
    assert "한*우" in form and "한지우" not in form

    response = page.post(
        f"/incentives/{program.pk}/apply/",
        {
            "job_application": hired.pk, "person_name": "한지우", "birth_year_month": "2001-02",
            "incheon_resident": "on", "phone": "010-4444-5555", "hire_date": "2026-10-05",
            "site": company.sites.get().pk, "full_time": "1", "contract_months": 0, "wage": 2_900_000,
            "employees": 30,
        },
    )  # fmt: skip

    assert response.status_code == 200 and 'data-testid="consent-link"' in response.content.decode()
    application = IncentiveApplication.objects.get()
    assert application.job_application == hired
    link = (
        response.content.decode().split('data-testid="consent-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    )
    from django.test import Client

    Client().post(link.removeprefix("http://testserver"), {"agree": "1"})
    client_for(reviewer).post(f"{APPLICATIONS}/{application.pk}/approve")
    assert Employment.objects.count() == 1  # the hire's one employment, now the case's
    assert Employment.objects.get().incentive_case.application == application


@pytest.mark.django_db
def test_a_hire_from_the_jobs_app_must_be_hired_on_that_day_and_not_have_left(
    program, company, company_admin, reviewer
):
    from ppuri.talent import services as talent
    from ppuri.talent.models import Application
    from ppuri.tenure.models import Employment
    from ppuri.tenure.services import employment_separate
    from tests.talent.conftest import job_input, make_seeker

    job = talent.job_create(actor=company_admin, company=company, data=job_input())
    job = talent.job_open(actor=company_admin, job=job)
    applied = talent.application_submit(actor=make_seeker("not-yet"), job=job, message="", consent=True)
    body = _application_body(program, company, job_application_id=applied.pk, hire_date="2026-10-05")

    not_hired = _post(client_for(company_admin), APPLICATIONS, body)
    assert not_hired.status_code == 422 and "job_application_id" in not_hired.content.decode()

    Application.objects.filter(pk=applied.pk).update(created_at=APPLIED_AT)
    applied.refresh_from_db()
    for stage in ("reviewing", "interview", "offer"):
        talent.application_stage(actor=company_admin, application=applied, stage=stage)
    talent.application_stage(
        actor=company_admin, application=applied, stage="hired", hired_on=date(2026, 10, 5)
    )
    other_day = _post(client_for(company_admin), APPLICATIONS, {**body, "hire_date": "2026-10-06"})
    assert other_day.status_code == 422 and "hire_date" in other_day.content.decode()

    created = _post(client_for(company_admin), APPLICATIONS, body)
    assert created.status_code == 201, created.content
    from django.test import Client

    Client().post(created.json()["consent_url"].removeprefix("http://testserver"), {"agree": "1"})
    # The hire leaves (recorded on the tenure page) before the labor office decides.
    employment_separate(
        actor=company_admin, employment=Employment.objects.get(job_application=applied),
        separated_on=date(2026, 11, 1), reason="voluntary",
    )  # fmt: skip
    refused = _post(client_for(reviewer), f"{APPLICATIONS}/{created.json()['id']}/approve", {})
    assert refused.status_code == 409 and "퇴사" in refused.json()["detail"]
    assert Program.objects.get(pk=program.pk).approved_headcount == 0
