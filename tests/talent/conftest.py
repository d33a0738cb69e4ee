"""Talent's cast: a welding company in Namdong with a site, its admin, and seekers with profiles."""

import pytest

from ppuri.accounts.models import Role
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.talent import services
from ppuri.talent.models import JobPosting
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory, UserFactory


@pytest.fixture
def welder_company(db):
    organization = OrganizationFactory(name="한빛용접(주)", products="구조물 용접 제관")
    SiteFactory(organization=organization)
    return organization


@pytest.fixture
def welder_admin(welder_company):
    return MembershipFactory(organization=welder_company, user__username="welder-admin").user


def qualifications(*slugs: str) -> list[Qualification]:
    return [Qualification.objects.get(slug=slug) for slug in slugs]


def job_input(**overrides) -> services.JobInput:
    values = {
        "title": "배관 피복아크용접 기능공",
        "description": "플랜트 배관 용접",
        "technology": Technology.objects.get(slug="welding"),
        "processes": [Process.objects.get(slug="welding.arc")],
        "required_qualifications": qualifications("smaw-craftsman"),
        "preferred_qualifications": [],
        "experience_years_min": 0,
        "employment_type": "full_time",
        "shift": "day",
        "wage_min": 2_800_000,
        "wage_max": 3_400_000,
        "site": None,
        "complex": Complex.objects.get(slug="namdong"),
        "dormitory": False,
        "commuter_bus": True,
        "positions": 2,
        "closes_on": None,
    }
    values.update(overrides)
    return services.JobInput(**values)


def open_job(actor, company, **overrides) -> JobPosting:
    job = services.job_create(actor=actor, company=company, data=job_input(**overrides))
    return services.job_open(actor=actor, job=job)


def profile_input(**overrides) -> services.ProfileInput:
    values = {
        "qualifications": [(q, 2024) for q in qualifications("smaw-craftsman")],
        "processes": [Process.objects.get(slug="welding.arc")],
        "technologies": [],
        "experience_years": 2,
        "education": "vocational_high_school",
        "preferred_complexes": [Complex.objects.get(slug="namdong")],
        "desired_wage": 3_000_000,
        "shifts": ["day", "two_shift"],
        "dormitory": False,
        "available_from": None,
        "discoverable": True,
        "headline": "",
        "phone": "010-2345-6789",
    }
    values.update(overrides)
    return services.ProfileInput(**values)


def make_seeker(username: str, display_name: str = "", **overrides):
    user = UserFactory(
        username=username, role=Role.SEEKER, email=f"{username}@mail.example", display_name=display_name
    )
    services.seeker_profile_save(actor=user, data=profile_input(**overrides), consent=True)
    return user
