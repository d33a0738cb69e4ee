"""The cast: an operator, a supplier's admin and member, another company's admin, a buyer, an expert,
a seeker and an outsider, each with the objects they own."""

import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import Role
from ppuri.accounts.security.selectors import mfa_required
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
def labor_office(db):
    """중부지방고용노동청's reviewer of youth-incentive applications."""
    return UserFactory(username="labor-office", role=Role.LABOR_OFFICE)


@pytest.fixture
def outsider(db):
    """A company-role user who belongs to no company."""
    return UserFactory(username="outsider", role=Role.COMPANY)


def give_totp_device(user) -> TOTPDevice:
    """A confirmed authenticator, as enrolment leaves it (the privileged roles must have one)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next one when the current one was used
    (a device takes each time step's code once, and one step ahead of the clock)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    if step > totp.t() + device.tolerance:
        # The same person signed in twice within this step already: as if half a minute had passed.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        step = totp.t()
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def verify_session(client: Client, device: TOTPDevice) -> None:
    """Mark the client's session as having passed the second factor with this device."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def client_for(user) -> Client:
    """A client signed in as the user; a privileged role (or anyone with an authenticator) also with a
    verified second factor, as after the code page."""
    device = (
        give_totp_device(user)
        if mfa_required(user)
        else TOTPDevice.objects.filter(user=user, confirmed=True).first()
    )
    client = Client()
    client.force_login(user)
    if device is not None:
        verify_session(client, device)
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
