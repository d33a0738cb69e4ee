import factory
from factory.django import DjangoModelFactory

from ppuri.accounts.models import Role, User
from ppuri.core.text import normalize_company_name
from ppuri.reference.models import Complex, Process
from ppuri.registry.models import Capability, Membership, Organization, Site


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.SEEKER
    password = factory.django.Password("test-password-123")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.COMPANY
    name = factory.Sequence(lambda n: f"테스트정밀{n}(주)")
    normalized_name = factory.LazyAttribute(lambda o: normalize_company_name(o.name))
    products = "알루미늄 다이캐스팅 부품"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    address = factory.Sequence(lambda n: f"인천광역시 남동구 남동대로 {100 + n}")
    district = "남동구"
    complex = factory.LazyFunction(lambda: Complex.objects.get(slug="namdong"))
    factory_number = factory.Sequence(lambda n: f"2820020189{n:05d}")
    is_primary = True


class CapabilityFactory(DjangoModelFactory):
    class Meta:
        model = Capability

    organization = factory.SubFactory(OrganizationFactory)
    process = factory.LazyFunction(lambda: Process.objects.get(slug="casting.die-casting"))
    source = Capability.Source.DECLARED


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, role=Role.COMPANY)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADMIN
