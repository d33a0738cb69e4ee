"""The second factor: enrolment, the code page after the password, recovery codes, throttling, who is
sent where, the back office, turning it off and the operator's reset."""

import base64
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import Role
from ppuri.accounts.security import mfa
from ppuri.core.models import ActivityLog, Notification
from tests.conftest import client_for, give_totp_device, totp_code
from tests.factories import UserFactory
from tests.test_english import english_client, visible_text

pytestmark = pytest.mark.django_db


def signed_in_without_code(user) -> Client:
    """A client past the password page only (force_login, no second factor)."""
    client = Client()
    client.force_login(user)
    return client


def code_from_page_key(html: str) -> tuple[str, str]:
    """The key the enrolment page shows for typing in, and the code an app that took it shows now."""
    block = re.search(r'data-testid="mfa-key"[^>]*>(.*?)</p>', html, re.S)
    assert block, "the enrolment page shows the key"
    key = "".join(re.findall(r"<span>([A-Z2-7]{1,4})</span>", block.group(1)))
    raw = base64.b32decode(key + "=" * (-len(key) % 8))
    totp = TOTP(raw)
    totp.time = time.time()
    return key, f"{totp.token():06d}"


def recovery_codes_in(html: str) -> list[str]:
    return re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", html)


def enrol(client: Client) -> list[str]:
    _key, code = code_from_page_key(client.get("/accounts/mfa/").content.decode())
    response = client.post("/accounts/mfa/", {"code": code})
    assert response.status_code == 200
    return recovery_codes_in(response.content.decode())


# --- who is sent where ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CITY, Role.LABOR_OFFICE, Role.EXPERT, Role.UNIVERSITY])
def test_a_privileged_role_without_an_authenticator_is_sent_to_enrolment(role):
    client = signed_in_without_code(UserFactory(role=role))

    response = client.get("/companies/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/mfa/?next=%2Fcompanies%2F"


@pytest.mark.parametrize("role", [Role.COMPANY, Role.SEEKER])
def test_an_optional_role_without_an_authenticator_signs_in_with_the_password(role):
    client = signed_in_without_code(UserFactory(role=role))

    assert client.get("/accounts/security/").status_code == 200
    assert client.get("/accounts/tokens/").status_code == 200


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COMPANY, Role.SEEKER])
def test_anyone_with_an_authenticator_is_sent_to_the_code_page(role):
    user = UserFactory(role=role)
    give_totp_device(user)
    client = signed_in_without_code(user)

    response = client.get("/accounts/tokens/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/mfa/verify/?next=%2Faccounts%2Ftokens%2F"


def test_a_session_owing_its_code_reaches_only_the_mfa_pages_logout_and_the_language_switch(operator):
    give_totp_device(operator)
    client = signed_in_without_code(operator)

    assert client.get("/accounts/mfa/verify/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    for url in ["/", "/companies/", "/accounts/security/", "/notifications/", "/imports/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/mfa/verify/"), url
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_treats_a_session_owing_its_code_as_anonymous_but_takes_bearer_tokens(operator, token_for):
    give_totp_device(operator)
    client = signed_in_without_code(operator)

    assert client.get("/api/v1/sourcing/requests").status_code == 401
    assert client.get("/api/v1/sourcing/requests", headers=token_for(operator)).status_code == 200
    assert client_for(operator).get("/api/v1/sourcing/requests").status_code == 200


# --- enrolment ----------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_and_keeps_the_key_on_reload(operator):
    client = signed_in_without_code(operator)

    first = client.get("/accounts/mfa/")
    again = client.get("/accounts/mfa/")

    html = first.content.decode()
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    assert (
        "<svg" in html
        and 'data-testid="mfa-qr"' in html
        and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    )
    key, _code = code_from_page_key(html)
    assert len(key) == 32
    assert code_from_page_key(again.content.decode())[0] == key
    device = TOTPDevice.objects.get(user=operator)
    assert not device.confirmed and mfa.totp_key_base32(device) == key


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("12ab56", "6자리 숫자를 입력해 주세요"),
        ("", "필수 항목입니다"),
        ("000000", "인증 코드가 맞지 않습니다"),
    ],
)
def test_enrolment_refuses_a_bad_code_at_the_field_and_confirms_nothing(operator, code, message):
    client = signed_in_without_code(operator)
    client.get("/accounts/mfa/")
    _key, right = code_from_page_key(client.get("/accounts/mfa/").content.decode())
    if code == right:  # one in a million
        code = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/mfa/", {"code": code})

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["code"])
    assert not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=operator).exists()
    assert client.get("/companies/").status_code == 302


def test_enrolment_confirms_the_device_shows_ten_recovery_codes_once_and_opens_the_back_office(operator):
    client = signed_in_without_code(operator)

    codes = enrol(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=operator).confirmed
    stored = set(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # only hashes are kept
    assert stored == {mfa.recovery_code_hash(code) for code in codes}
    assert ActivityLog.objects.filter(verb="accounts.mfa.enrolled", target_id=str(operator.pk)).count() == 1
    assert client.get("/admin/").status_code == 200
    # Shown once: the page now sends to the security page, which shows a count and no code.
    assert client.get("/accounts/mfa/")["Location"] == "/accounts/security/"
    security = client.get("/accounts/security/").content.decode()
    assert "남은 복구 코드: 10개" in security and not set(codes) & set(recovery_codes_in(security))


def test_enrolment_ends_the_other_sessions_opened_with_the_password_alone():
    seeker = UserFactory(role=Role.SEEKER)
    other = signed_in_without_code(seeker)
    client = signed_in_without_code(seeker)

    enrol(client)

    assert other.get("/accounts/security/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/security/").status_code == 200


def test_a_session_owing_its_code_cannot_enrol_a_second_authenticator(operator):
    give_totp_device(operator)
    client = signed_in_without_code(operator)

    response = client.get("/accounts/mfa/")

    assert response["Location"].startswith("/accounts/mfa/verify/")
    assert TOTPDevice.objects.filter(user=operator).count() == 1


# --- the code page --------------------------------------------------------------------------------------


def test_the_code_page_takes_the_authenticators_code_and_goes_on(operator):
    device = give_totp_device(operator)
    client = signed_in_without_code(operator)

    response = client.post("/accounts/mfa/verify/", {"code": totp_code(device), "next": "/imports/"})

    assert response.status_code == 302 and response["Location"] == "/imports/"
    assert client.get("/imports/").status_code == 200


def test_the_code_page_refuses_a_wrong_code_at_the_field(operator):
    device = give_totp_device(operator)
    client = signed_in_without_code(operator)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"

    response = client.post("/accounts/mfa/verify/", {"code": wrong})

    assert response.status_code == 200
    assert "인증 코드가 맞지 않습니다" in response.context["form"].errors["code"][0]
    assert client.get("/").status_code == 302


def test_the_code_page_does_not_send_on_to_another_site(operator):
    device = give_totp_device(operator)
    client = signed_in_without_code(operator)

    response = client.post(
        "/accounts/mfa/verify/", {"code": totp_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/home/"  # where signing in leads (LOGIN_REDIRECT_URL), not evil.example


def test_a_recovery_code_works_once_and_is_logged_and_notified():
    user = UserFactory(role=Role.EXPERT, email="expert@ppuri.example")
    codes = enrol(signed_in_without_code(user))
    first = signed_in_without_code(user)

    used = first.post("/accounts/mfa/verify/", {"code": codes[3].upper().replace("-", " ")})

    assert used.status_code == 302 and first.get("/challenges/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert ActivityLog.objects.filter(verb="accounts.mfa.recovery_code_used", target_id=str(user.pk)).exists()
    assert Notification.objects.filter(recipient=user, verb="accounts.mfa.recovery_code_used").exists()
    again = signed_in_without_code(user)
    refused = again.post("/accounts/mfa/verify/", {"code": codes[3]})
    assert refused.status_code == 200 and "code" in refused.context["form"].errors
    assert again.get("/challenges/").status_code == 302


def test_wrong_codes_are_throttled_even_before_a_right_one(operator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = give_totp_device(operator)
    client = signed_in_without_code(operator)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    client.post("/accounts/mfa/verify/", {"code": wrong})

    response = client.post("/accounts/mfa/verify/", {"code": totp_code(device)})

    assert response.status_code == 200
    assert "잠시 막혔습니다" in response.context["form"].errors["code"][0]
    assert client.get("/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


# --- the back office ------------------------------------------------------------------------------


def test_the_back_office_refuses_a_session_without_the_second_factor(operator):
    give_totp_device(operator)
    password_only = signed_in_without_code(operator)

    assert password_only.get("/admin/")["Location"].startswith("/accounts/mfa/verify/")
    assert password_only.get("/admin/accounts/user/")["Location"].startswith("/accounts/mfa/verify/")
    assert client_for(operator).get("/admin/accounts/user/").status_code == 200


def test_the_back_office_refuses_staff_of_an_optional_role_until_they_enrol():
    staff = UserFactory(role=Role.COMPANY, is_staff=True, is_superuser=False)
    client = signed_in_without_code(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login["Location"].startswith("/accounts/mfa/?next=")


def test_the_back_office_login_form_is_not_a_way_around_the_second_factor(client, operator):
    give_totp_device(operator)

    response = client.post("/admin/login/", {"username": "operator", "password": "test-password-123"})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


# --- turning it off, new codes, the operator's reset ---------------------------------------------------


def test_an_optional_role_turns_the_second_factor_off_with_a_code(buyer):
    client = signed_in_without_code(buyer)
    enrol(client)
    device = TOTPDevice.objects.get(user=buyer)

    bad = client.post("/accounts/security/mfa/disable/", {"disable-code": "111111x"})
    assert bad.status_code == 400 and "code" in bad.context["disable_form"].errors
    assert TOTPDevice.objects.filter(user=buyer).exists()

    client.post("/accounts/security/mfa/disable/", {"disable-code": totp_code(device)})

    assert not TOTPDevice.objects.filter(user=buyer).exists()
    assert not StaticToken.objects.filter(device__user=buyer).exists()
    assert ActivityLog.objects.filter(verb="accounts.mfa.disabled", target_id=str(buyer.pk)).exists()
    assert client.get("/accounts/tokens/").status_code == 200
    fresh = signed_in_without_code(buyer)
    assert fresh.get("/accounts/tokens/").status_code == 200


def test_a_privileged_role_cannot_turn_the_second_factor_off(operator):
    device = give_totp_device(operator)
    client = client_for(operator)

    response = client.post("/accounts/security/mfa/disable/", {"disable-code": totp_code(device)})

    assert response.status_code == 400
    assert "끌 수 없습니다" in response.context["disable_form"].errors["code"][0]
    assert TOTPDevice.objects.filter(user=operator).exists()


def test_new_recovery_codes_replace_the_old_ones(expert, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # the wrong code below would hold the right ones back a second
    client = signed_in_without_code(expert)
    old = enrol(client)
    device = TOTPDevice.objects.get(user=expert)

    refused = client.post("/accounts/security/recovery-codes/", {"regenerate-code": "not-a-code"})
    assert refused.status_code == 400 and "code" in refused.context["regenerate_form"].errors
    assert StaticToken.objects.filter(device__user=expert).count() == 10

    response = client.post("/accounts/security/recovery-codes/", {"regenerate-code": totp_code(device)})

    new = recovery_codes_in(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    with pytest.raises(Exception, match="인증 코드가 맞지 않습니다"):
        mfa.mfa_check_code(user=expert, code=old[0])
    assert mfa.mfa_check_code(user=expert, code=new[0]) is not None
    assert ActivityLog.objects.filter(verb="accounts.mfa.recovery_codes_regenerated").count() == 1


def test_the_operator_resets_a_lost_authenticator_from_the_user_list(operator, expert):
    give_totp_device(expert)
    expert_session = client_for(expert)
    desk = client_for(operator)

    response = desk.post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [expert.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=expert).exists()
    log = ActivityLog.objects.get(verb="accounts.mfa.reset", target_id=str(expert.pk))
    assert log.actor == operator
    assert Notification.objects.filter(recipient=expert, verb="accounts.mfa.reset").exists()
    # Every session of the expert ended; the next sign-in enrols again.
    assert expert_session.get("/challenges/")["Location"].startswith("/accounts/login/")
    assert signed_in_without_code(expert).get("/challenges/")["Location"].startswith("/accounts/mfa/?")


def test_only_an_operator_resets_someones_second_factor(expert, supplier_admin):
    give_totp_device(expert)

    with pytest.raises(PermissionDenied):
        mfa.mfa_reset(actor=supplier_admin, user=expert)

    assert TOTPDevice.objects.filter(user=expert).exists()
    assert not ActivityLog.objects.filter(verb="accounts.mfa.reset").exists()


def test_the_authenticators_key_appears_on_no_page_but_the_enrolment(operator, expert):
    client = signed_in_without_code(expert)
    key, _code = code_from_page_key(client.get("/accounts/mfa/").content.decode())
    enrol(client)
    device = TOTPDevice.objects.get(user=expert)
    desk = client_for(operator)

    pages = [
        client.get("/accounts/security/"),
        desk.get(f"/admin/accounts/user/{expert.pk}/change/"),
        desk.get("/admin/"),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert key not in html and device.key not in html
    assert desk.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_superusers_must_use_a_second_factor_whatever_their_role():
    root = get_user_model().objects.create_superuser("root", "root@ppuri.example", "test-password-123")
    root.role = Role.SEEKER
    root.save()

    assert signed_in_without_code(root).get("/")["Location"].startswith("/accounts/mfa/")


# --- English ------------------------------------------------------------------------------------------


def test_the_mfa_pages_in_english(operator, seeker):
    enrolling = Client()
    enrolling.force_login(operator)
    enrolling.post("/i18n/setlang/", {"language": "en", "next": "/"})
    setup = visible_text(enrolling.get("/accounts/mfa/"))
    assert "Set up two-step verification" in setup and "Key to type in" in setup
    refused = enrolling.post("/accounts/mfa/", {"code": "12ab56"})
    assert "Enter the 6-digit number shown in the authenticator app." in visible_text(refused)

    security = visible_text(english_client(seeker).get("/accounts/security/"))
    assert "Security settings" in security and "Sign out all other sessions" in security
    assert "120 minutes without activity" in security
    assert not any(korean in security for korean in ["보안 설정", "2단계 인증", "다른 세션", "분 동안"])


def test_the_code_page_lets_an_optional_role_without_an_authenticator_go_on(seeker):
    client = signed_in_without_code(seeker)

    response = client.get("/accounts/mfa/verify/", {"next": "/accounts/tokens/"})

    assert response["Location"] == "/accounts/tokens/"


def test_a_fixed_demo_key_is_refused_in_production(operator, settings):
    settings.PRODUCTION = True

    with pytest.raises(PermissionDenied):
        mfa.mfa_give_fixed_key(user=operator, key_base32="PPURIDEMOPPURIDEMOPPURIDEMOPPURI")

    assert not TOTPDevice.objects.filter(user=operator).exists()
