"""The incentives' cast: a root company in Namdong with a site and its admin, another company, the
labor office's reviewer, an operator, and a programme like 2019's (a small cap where a test needs one)."""

from datetime import date

import pytest

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.incentives import services
from ppuri.incentives.models import Program
from ppuri.reference.models import Complex
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory

TODAY = date(2026, 12, 1)
SCHEDULE = [{"month": 3, "amount": 900_000}, {"month": 6, "amount": 900_000}, {"month": 9, "amount": 900_000},
            {"month": 12, "amount": 900_000}]  # fmt: skip


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


@pytest.fixture
def company(db):
    organization = OrganizationFactory(name="남동주물(주)", employees=30)
    SiteFactory(organization=organization)
    return organization


@pytest.fixture
def company_admin(company):
    return MembershipFactory(organization=company, user__username="namdong-admin").user


@pytest.fixture
def reviewer(db):
    return UserFactory(username="labor-reviewer", role=Role.LABOR_OFFICE, email="reviewer@moel.example")


@pytest.fixture
def operator_user(db):
    return UserFactory(username="itp-operator", role=Role.OPERATOR, is_staff=True)


def program_input(**overrides) -> services.ProgramInput:
    values = {
        "name": "2026 뿌리산업 청년 경력형성 장려금",
        "budget": 1_580_000_000,
        "headcount_cap": 300,
        "per_company_cap": 3,
        "per_root_company_cap": 5,
        "age_min": 19,
        "age_max": 39,
        "hire_from": date(2026, 1, 1),
        "hire_to": date(2026, 12, 31),
        "min_employees": 5,
        "installments": SCHEDULE,
        "complexes": [],
    }
    values.update(overrides)
    return services.ProgramInput(**values)


def make_program(operator_user, **overrides) -> Program:
    return services.program_create(actor=operator_user, data=program_input(**overrides))


@pytest.fixture
def program(operator_user):
    return make_program(operator_user)


def application_input(program, company, **overrides) -> services.ApplicationInput:
    person = overrides.pop("person", {})
    values = {
        "program": program,
        "company": company,
        "site": company.sites.first(),
        "person": services.PersonInput(
            **{
                "name": "김하늘",
                "birth_year_month": "1999-04",
                "incheon_resident": True,
                "phone": "010-2345-6789",
                **person,
            }
        ),
        "hire_date": date(2026, 3, 2),
        "full_time": True,
        "contract_months": 0,
        "wage": 2_900_000,
    }
    values.update(overrides)
    return services.ApplicationInput(**values)


def submit(actor, program, company, consent=True, **overrides):
    application, token = services.application_submit(
        actor=actor, data=application_input(program, company, **overrides)
    )
    if consent:
        application = services.application_consent(token=token, agree=True)
    return application


def namdong() -> Complex:
    return Complex.objects.get(slug="namdong")
