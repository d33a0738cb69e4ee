"""The cast: an operator, a supplier's admin and member, another company's admin, a buyer, an expert,
a seeker and an outsider, each with the objects they own."""

import pytest
from django.test import Client

from ppuri.accounts.models import Role
from ppuri.accounts.services import api_token_create
from ppuri.reference.models import Material, Process
from tests.factories import (
    CapabilityFactory,
    MembershipFactory,
    OrganizationFactory,
    SiteFactory,
    UserFactory,
)

# The limit-technology desk's fixtures (experts, institutions) for the challenges and knowledge tests.
pytest_plugins = ["tests.desk_fixtures"]

PASSWORD = "test-password-123"


@pytest.fixture
def operator(db):
    return UserFactory(username="operator", role=Role.OPERATOR, is_staff=True)


@pytest.fixture
def supplier(db):
    """세광주조: a Namdong die caster with one site and one capability."""
    organization = OrganizationFactory(name="세광주조(주)", products="알루미늄 다이캐스팅 자동차 부품")
    SiteFactory(organization=organization)
    capability = CapabilityFactory(organization=organization)
    capability.materials.set([Material.objects.get(slug="aluminum")])
    return organization


@pytest.fixture
def supplier_admin(supplier):
    return MembershipFactory(organization=supplier, user__username="supplier-admin").user


@pytest.fixture
def supplier_member(supplier):
    return MembershipFactory(organization=supplier, user__username="supplier-member", role="member").user


@pytest.fixture
def other_company(db):
    organization = OrganizationFactory(name="동진열처리", products="침탄 열처리")
    SiteFactory(organization=organization)
    CapabilityFactory(
        organization=organization, process=Process.objects.get(slug="heat-treatment.carburizing")
    )
    return organization


@pytest.fixture
def other_admin(other_company):
    return MembershipFactory(organization=other_company, user__username="other-admin").user


@pytest.fixture
def buyer(db):
    organization = OrganizationFactory(name="청라로보틱스", products="협동로봇")
    return MembershipFactory(organization=organization, user__username="buyer").user


@pytest.fixture
def expert(db):
    return UserFactory(username="expert", role=Role.EXPERT)


@pytest.fixture
def seeker(db):
    return UserFactory(username="seeker", role=Role.SEEKER)


@pytest.fixture
def outsider(db):
    """A company-role user who belongs to no company."""
    return UserFactory(username="outsider", role=Role.COMPANY)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def token_for():
    def make(user) -> dict[str, str]:
        _, key = api_token_create(user=user, name="test")
        return {"Authorization": f"Bearer {key}"}

    return make


def count_queries(client, url: str, **params) -> int:
    """How many queries a GET makes once caches are warm (for tests that compare a page at two data
    sizes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries)


def add_companies(n: int, prefix: str = "추가") -> None:
    from ppuri.reference.models import Material

    for i in range(n):
        organization = OrganizationFactory(name=f"{prefix}{i}")
        SiteFactory(organization=organization)
        capability = CapabilityFactory(organization=organization)
        capability.materials.set(Material.objects.filter(slug__in=["aluminum", "zinc"]))
