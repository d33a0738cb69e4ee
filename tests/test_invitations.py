"""Invitations: a company admin invites colleagues, an operator invites institution staff; the link."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client, override_settings
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.core.models import ActivityLog, Notification
from ppuri.registry.invitations.services import invitation_create
from ppuri.registry.models import Invitation, Membership, Organization
from tests.conftest import client_for
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mold-press-2026!"


def _link(message) -> str:
    return next(line for line in message.body.splitlines() if "/invitations/" in line).split("testserver")[-1]


def _path(token: str) -> str:
    return f"/invitations/{token}/"


def _invite(client, organization, email="park@sekwang.co.kr", role="member"):
    return client.post(f"/companies/{organization.pk}/people/", {"email": email, "membership_role": role})


@pytest.fixture
def mailbox(settings):
    settings.PPURI_BASE_URL = "http://testserver"
    return mail.outbox


# --- the people page -------------------------------------------------------------------------------


def test_an_admin_invites_a_colleague_who_joins_as_a_new_person(
    client, supplier, supplier_admin, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(supplier_admin), supplier)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.user_role, invitation.membership_role) == (
        "park@sekwang.co.kr", "company", "member",
    )  # fmt: skip
    assert len(mailbox) == 1 and mailbox[0].to == ["park@sekwang.co.kr"]
    path = _link(mailbox[0])
    assert ActivityLog.objects.filter(verb="registry.invitation.sent").exists()
    people = client_for(supplier_admin).get(f"/companies/{supplier.pk}/people/").content.decode()
    assert "park@sekwang.co.kr" in people

    page = client.get(path)
    assert page.status_code == 200 and 'data-testid="accept-form"' in page.content.decode()
    response = client.post(path, {"name": "박민수", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 302 and response["Location"] == f"/companies/{supplier.pk}/"
    user = User.objects.get(email="park@sekwang.co.kr")
    assert (user.role, user.display_name, user.awaiting_email_verification) == ("company", "박민수", False)
    assert user.email_verified_at is not None and user.check_password(PASSWORD)
    assert Membership.objects.get(user=user, organization=supplier).role == "member"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert Notification.objects.filter(recipient=supplier_admin, verb="registry.invitation.accepted").exists()
    # Signed in: the profile shows the people link.
    assert "people-link" in client.get(f"/companies/{supplier.pk}/").content.decode()
    # Single use.
    used = client.get(path)
    assert used.status_code == 410 and "이미 사용한" in used.content.decode()


def test_an_existing_user_with_that_address_accepts_while_signed_in(client, supplier, supplier_admin):
    colleague = UserFactory(username="colleague", role=Role.COMPANY, email="Choi@Sekwang.co.kr")
    _invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="choi@sekwang.co.kr", membership_role="admin"
    )
    anonymous = client.get(_path(token)).content.decode()
    assert "로그인하면 초대를 수락" in anonymous
    assert (
        client.post(_path(token), {"name": "x", "password": PASSWORD, "password_again": PASSWORD}).status_code
        == 302
    )
    assert User.objects.filter(email__iexact="choi@sekwang.co.kr").count() == 1
    response = client_for(colleague).post(_path(token))
    assert response.status_code == 302
    assert Membership.objects.get(user=colleague, organization=supplier).role == "admin"


def test_someone_else_signed_in_cannot_accept(supplier, supplier_admin, outsider):
    _invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="kang@sekwang.co.kr"
    )
    page = client_for(outsider).post(_path(token))
    assert page.status_code == 200 and "초대받은 주소와 다릅니다" in page.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_account_of_another_role_is_told_why_it_cannot_accept(supplier, supplier_admin):
    seeker = UserFactory(username="seeker-invited", role=Role.SEEKER, email="jung@sekwang.co.kr")
    _invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="jung@sekwang.co.kr"
    )
    page = client_for(seeker).post(_path(token))
    assert "기업 담당자 계정용" in page.content.decode()
    assert not Membership.objects.filter(user=seeker).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"membership_role": "owner"}, "membership_role"),
    ],
)
def test_bad_invitations_are_refused_at_the_field(supplier, supplier_admin, values, field):
    data = {"email": "a@b.kr", "membership_role": "member"} | values
    response = client_for(supplier_admin).post(f"/companies/{supplier.pk}/people/", data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_member_cannot_be_invited_twice(supplier, supplier_admin, supplier_member):
    supplier_member.email = "member@sekwang.co.kr"
    supplier_member.save()
    response = _invite(client_for(supplier_admin), supplier, email="MEMBER@sekwang.co.kr")
    assert "이미 이 기관·기업의 구성원" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_second_invitation_replaces_the_first(supplier, supplier_admin):
    first, first_token = invitation_create(
        actor=supplier_admin, organization=supplier, email="a@sekwang.co.kr"
    )
    invitation_create(actor=supplier_admin, organization=supplier, email="a@sekwang.co.kr")
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Client().get(_path(first_token)).status_code == 410


@override_settings(PPURI_INVITATIONS_PER_HOUR=2)
def test_invitations_are_throttled_per_admin(supplier, supplier_admin, other_company, other_admin):
    client = client_for(supplier_admin)
    for n in range(2):
        assert _invite(client, supplier, email=f"p{n}@sekwang.co.kr").status_code == 302
    response = _invite(client, supplier, email="p3@sekwang.co.kr")
    assert response.status_code == 200 and "한 시간에 보낼 수 있는 초대" in response.content.decode()
    assert Invitation.objects.count() == 2
    assert (
        _invite(client_for(other_admin), other_company, email="q@dongjin.kr").status_code == 302
    )  # per admin


def test_members_see_the_people_but_cannot_invite_or_remove(supplier, supplier_admin, supplier_member):
    client = client_for(supplier_member)
    page = client.get(f"/companies/{supplier.pk}/people/")
    assert page.status_code == 200 and "invite-form" not in page.content.decode()
    assert _invite(client, supplier).status_code == 403
    admin_membership = Membership.objects.get(user=supplier_admin)
    assert client.post(f"/companies/{supplier.pk}/people/{admin_membership.pk}/remove/").status_code == 403
    assert not Invitation.objects.exists() and Membership.objects.filter(organization=supplier).count() == 2


def test_another_companys_admin_cannot_see_or_touch_the_people(
    supplier, supplier_admin, other_admin, seeker, client
):
    invitation, _token = invitation_create(
        actor=supplier_admin, organization=supplier, email="x@sekwang.co.kr"
    )
    for user in (other_admin, seeker):
        assert client_for(user).get(f"/companies/{supplier.pk}/people/").status_code == 403
        assert _invite(client_for(user), supplier).status_code == 403
        revoke = f"/companies/{supplier.pk}/people/invitations/{invitation.pk}/revoke/"
        assert client_for(user).post(revoke).status_code == 403
    assert client.get(f"/companies/{supplier.pk}/people/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1


def test_the_admin_revokes_an_invitation_and_removes_a_member(supplier, supplier_admin, supplier_member):
    invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="x@sekwang.co.kr"
    )
    client = client_for(supplier_admin)
    assert (
        client.post(f"/companies/{supplier.pk}/people/invitations/{invitation.pk}/revoke/").status_code == 302
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    revoked = Client().get(_path(token))
    assert revoked.status_code == 410 and "취소한 초대" in revoked.content.decode()
    membership = Membership.objects.get(user=supplier_member)
    assert client.post(f"/companies/{supplier.pk}/people/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(user=supplier_member).exists()
    assert Notification.objects.filter(recipient=supplier_member, verb="registry.membership.removed").exists()


def test_the_last_admin_stays(supplier, supplier_admin, operator):
    membership = Membership.objects.get(user=supplier_admin)
    response = client_for(operator).post(
        f"/companies/{supplier.pk}/people/{membership.pk}/remove/", follow=True
    )
    assert "마지막 관리자" in response.content.decode()
    assert Membership.objects.filter(user=supplier_admin).exists()


# --- the link's states -----------------------------------------------------------------------------


def test_expired_tampered_and_foreign_links_are_explained(client, supplier, supplier_admin):
    invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="y@sekwang.co.kr"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(_path(token))
    assert expired.status_code == 410 and "유효 기간이 지났습니다" in expired.content.decode()
    assert (
        client.post(_path(token), {"name": "x", "password": PASSWORD, "password_again": PASSWORD}).status_code
        == 410
    )
    assert not User.objects.filter(email="y@sekwang.co.kr").exists()
    tampered = client.get(_path(token[:-2] + "xx"))
    assert tampered.status_code == 404 and "올바른 초대 링크가 아닙니다" in tampered.content.decode()
    forged = signing.dumps({"i": invitation.pk, "s": "guess"}, salt="ppuri.registry.invitation")
    assert client.get(_path(forged)).status_code == 404
    assert client.get(_path("nothing")).status_code == 404


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"password": "short", "password_again": "short"}, "password"),
        ({"password": "1234567890123", "password_again": "1234567890123"}, "password"),
        ({"password_again": "different-password-1"}, "password_again"),
        ({"name": "홍길동 900101-1234567"}, "name"),
    ],
)
def test_bad_sign_up_from_a_link_is_refused_at_the_field(client, supplier, supplier_admin, values, field):
    _invitation, token = invitation_create(
        actor=supplier_admin, organization=supplier, email="z@sekwang.co.kr"
    )
    data = {"name": "조하늘", "password": PASSWORD, "password_again": PASSWORD} | values
    response = client.post(_path(token), data)
    assert response.status_code == 200 and field in response.context["form"].errors, response.context[
        "form"
    ].errors
    assert not User.objects.filter(email="z@sekwang.co.kr").exists()
    assert Invitation.objects.get().accepted_at is None


# --- institution staff -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CITY, Role.LABOR_OFFICE, Role.UNIVERSITY, Role.EXPERT, Role.OPERATOR])
def test_operators_invite_institution_staff(
    client, operator, role, mailbox, django_capture_on_commit_callbacks
):
    city = OrganizationFactory(name="인천광역시", kind=Organization.Kind.AGENCY)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(operator).post(
            "/invitations/new/",
            {
                "email": "official@incheon.go.kr",
                "organization": city.pk,
                "user_role": role,
                "membership_role": "member",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    path = _link(mailbox[0])
    client.post(path, {"name": "공무원", "password": PASSWORD, "password_again": PASSWORD})
    user = User.objects.get(email="official@incheon.go.kr")
    assert user.role == role and Membership.objects.filter(user=user, organization=city).exists()
    assert user.is_staff == (role == Role.OPERATOR)


def test_only_operators_invite_institution_staff(supplier_admin, seeker, supplier):
    city = OrganizationFactory(name="인천광역시", kind=Organization.Kind.AGENCY)
    data = {
        "email": "o@incheon.go.kr",
        "organization": city.pk,
        "user_role": "city",
        "membership_role": "member",
    }
    for user in (supplier_admin, seeker):
        assert client_for(user).post("/invitations/new/", data).status_code == 403
    # A company admin cannot make an institution account through the people page either.
    with pytest.raises(Exception):  # noqa: B017 - the service refuses: PermissionDenied or ValidationError
        invitation_create(actor=supplier_admin, organization=supplier, email="o@x.kr", user_role=Role.CITY)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"user_role": "seeker"}, "user_role"),
        ({"user_role": ""}, "user_role"),
        ({"organization": ""}, "organization"),
        ({"email": "bad"}, "email"),
    ],
)
def test_bad_staff_invitations_are_refused_at_the_field(operator, values, field):
    city = OrganizationFactory(name="인천광역시", kind=Organization.Kind.AGENCY)
    data = {
        "email": "o@incheon.go.kr",
        "organization": city.pk,
        "user_role": "city",
        "membership_role": "member",
    }
    response = client_for(operator).post("/invitations/new/", data | values)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_the_people_page_and_the_staff_invitations_read_a_fixed_number_of_queries(
    supplier, supplier_admin, operator
):
    from tests.conftest import count_queries

    people, staff = client_for(supplier_admin), client_for(operator)
    city = OrganizationFactory(name="인천광역시", kind=Organization.Kind.AGENCY)
    invitation_create(actor=supplier_admin, organization=supplier, email="a0@sekwang.co.kr")
    invitation_create(actor=operator, organization=city, email="c0@incheon.go.kr", user_role=Role.CITY)
    before = (
        count_queries(people, f"/companies/{supplier.pk}/people/"),
        count_queries(staff, "/invitations/new/"),
    )
    for n in range(1, 5):
        Membership.objects.create(
            organization=supplier, user=UserFactory(username=f"m{n}", role=Role.COMPANY), role="member"
        )
        invitation_create(actor=supplier_admin, organization=supplier, email=f"a{n}@sekwang.co.kr")
        invitation_create(actor=operator, organization=city, email=f"c{n}@incheon.go.kr", user_role=Role.CITY)
    after = (
        count_queries(people, f"/companies/{supplier.pk}/people/"),
        count_queries(staff, "/invitations/new/"),
    )
    assert after == before
