"""Joining (issue 13): sign-up with e-mail verification, consents, the privacy policy, password reset
and change, limits, and no answer that tells whether an address has an account."""

import re
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ppuri.accounts.joining import notice
from ppuri.accounts.models import Consent, Role, User
from ppuri.core.models import ActivityLog
from tests.conftest import PASSWORD, client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
committed: Callable[..., Any]

GOOD = {
    "kind": "seeker",
    "email": "minji@example.kr",
    "display_name": "김민지",
    "password1": "뿌리-용접-2026!",
    "password2": "뿌리-용접-2026!",
    "consent_account": "on",
}


@pytest.fixture(autouse=True)
def _mail_at_commit(django_capture_on_commit_callbacks):
    """Mail goes out when the transaction commits (never for a rolled-back sign-up); each request of
    these tests is a commit, as it is in a server."""
    global committed
    committed = django_capture_on_commit_callbacks


def post(client: Client, path: str, data: dict[str, str]):
    with committed(execute=True):
        return client.post(path, data)


def signup(client: Client, **changes: str | None):
    data = {**GOOD, **changes}
    return post(client, reverse("accounts:signup"), {k: v for k, v in data.items() if v is not None})


def link_in(message) -> str:
    return re.search(r"https?://\S+?(/accounts/verify/[^/\s]+/)", message.body).group(1)


def test_the_joining_pages_and_the_privacy_policy_are_open_to_anyone(client):
    for path in ("/accounts/signup/", "/accounts/password_reset/", "/privacy/"):
        response = client.get(path)
        assert response.status_code == 200, path
    policy = client.get("/privacy/").content.decode()
    for item in notice.PURPOSES:
        assert str(item.retention) in policy
    assert "개인정보 보호책임자" in policy and "미확인" in policy and notice.NOTICE_VERSION in policy


def test_a_seeker_signs_up_confirms_the_address_and_is_signed_in_with_the_consents_given(client, settings):
    response = signup(client, consent_job_offers="on")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(email="minji@example.kr")
    assert user.role == Role.SEEKER and user.awaiting_email_verification and user.email_verified_at is None
    assert user.check_password(GOOD["password1"])
    assert sorted(Consent.objects.filter(user=user).values_list("purpose", "notice_version")) == [
        ("account", notice.NOTICE_VERSION),
        ("job_offers", notice.NOTICE_VERSION),
    ]
    [message] = mail.outbox
    assert message.to == ["minji@example.kr"] and "전자우편" in message.subject
    link = link_in(message)

    # Not yet: the right password is refused until the address is confirmed, saying why.
    refused = client.post("/accounts/login/", {"username": "minji@example.kr", "password": GOOD["password1"]})
    assert refused.status_code == 200 and "아직 확인하지 않았습니다" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    # Opening the link changes nothing (mail scanners open links); the button confirms.
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.awaiting_email_verification
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    user.refresh_from_db()
    assert not user.awaiting_email_verification and user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert ActivityLog.objects.filter(verb="accounts.user.email_verified", target_id=str(user.pk)).exists()

    # The link is single-use: a second click signs nobody in.
    other = Client()
    assert other.post(link).status_code == 400 and "_auth_user_id" not in other.session


def test_company_staff_sign_up_as_company_role_without_any_membership(client):
    signup(client, kind="company", email="kim@sekwang.co.kr")
    user = User.objects.get(email="kim@sekwang.co.kr")
    assert user.role == Role.COMPANY and not user.memberships.exists()


def test_a_known_address_gets_the_same_answer_and_a_mail_to_its_owner_not_a_second_account(client):
    UserFactory(username="old", email="minji@example.kr")
    unknown = signup(Client(), email="new@example.kr")
    known = signup(client)
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert User.objects.filter(email__iexact="minji@example.kr").count() == 1
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "이미 가입한 주소" in by_address["minji@example.kr"].subject
    assert "/accounts/verify/" not in by_address["minji@example.kr"].body

    # The page after either says the same (the address typed is shown, as typed).
    def shown(viewer: Client, address: str) -> str:
        page = viewer.get(reverse("accounts:signup_sent")).content.decode()
        return page[page.index("<main") : page.index("</main>")].replace(address, "@")

    page_unknown = Client()
    signup(page_unknown, email="x@example.kr")
    assert shown(client, "minji@example.kr") == shown(page_unknown, "x@example.kr")


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"consent_account": None}, "consent_account", "필수 항목에 동의해야"),
        ({"password1": "1234", "password2": "1234"}, "password1", ""),
        ({"password2": "다른-비밀번호-2026!"}, "password2", "두 비밀번호가 다릅니다"),
        ({"display_name": "김민지 900101-1234567"}, "display_name", "주민등록번호"),
        ({"email": "not-an-address"}, "email", ""),
        ({"kind": "city"}, "kind", ""),
        ({"kind": "operator"}, "kind", ""),
    ],
)
def test_bad_sign_ups_are_refused_at_their_field_and_nothing_is_stored(client, changes, field, says):
    response = signup(client, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert says in " ".join(errors[field])
    assert not User.objects.exists() and not Consent.objects.exists() and mail.outbox == []


def test_an_expired_or_altered_link_is_explained_and_offers_a_new_one(client, settings):
    signup(client)
    link = link_in(mail.outbox[0])
    altered = client.get(link[:-3] + "xx/")
    assert altered.status_code == 400 and "잘렸거나 바뀌었거나" in altered.content.decode()
    settings.PPURI_EMAIL_VERIFICATION_HOURS = 0
    expired = client.post(link)
    assert expired.status_code == 400 and "유효 시간" in expired.content.decode()
    assert User.objects.get().awaiting_email_verification
    assert 'action="/accounts/verify/resend/"' in expired.content.decode()


def test_resending_answers_alike_for_any_address_and_mails_only_a_waiting_account(client):
    signup(client)
    UserFactory(username="done", email="done@example.kr")
    mail.outbox.clear()
    answers = [
        post(client, reverse("accounts:verification_resend"), {"email": address})
        for address in ("minji@example.kr", "done@example.kr", "nobody@example.kr")
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("accounts:signup_sent"))}
    assert [message.to for message in mail.outbox] == [["minji@example.kr"]]
    assert link_in(mail.outbox[0])


def test_sign_in_takes_the_address_as_well_as_the_username(client):
    UserFactory(username="sekwang-kim", email="Kim@Sekwang.co.kr")
    response = client.post("/accounts/login/", {"username": "kim@sekwang.co.kr", "password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=client.session["_auth_user_id"]).username == "sekwang-kim"


def test_password_reset_answers_alike_and_its_link_sets_a_new_password(client):
    UserFactory(username="minji", email="minji@example.kr")
    known = post(client, reverse("accounts:password_reset"), {"email": "minji@example.kr"})
    unknown = post(client, reverse("accounts:password_reset"), {"email": "nobody@example.kr"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    [message] = mail.outbox
    assert message.to == ["minji@example.kr"] and "비밀번호 재설정" in message.subject
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    new = "새-비밀번호-뿌리-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(username="minji").check_password(new)
    # The link is used up.
    assert client.get(path, follow=True).context["validlink"] is False


def test_a_reset_through_the_mailbox_also_confirms_a_waiting_sign_up(client):
    signup(client)
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "minji@example.kr"})
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(path, follow=True)
    new = "새-비밀번호-뿌리-2026"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user = User.objects.get(email="minji@example.kr")
    assert not user.awaiting_email_verification and user.email_verified_at is not None


def test_a_signed_in_user_changes_the_password_after_giving_the_old_one(seeker):
    client = client_for(seeker)
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "새-비밀번호-2026", "new_password2": "새-비밀번호-2026"},
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    seeker.refresh_from_db()
    assert seeker.check_password(PASSWORD)
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "새-비밀번호-2026", "new_password2": "새-비밀번호-2026"},
    )
    assert done.status_code == 302
    seeker.refresh_from_db()
    assert seeker.check_password("새-비밀번호-2026")
    assert client.get(reverse("accounts:consents")).status_code == 200  # still signed in


def test_too_many_attempts_per_address_get_a_429_with_retry_after_and_nothing_more(client, settings):
    settings.PPURI_JOINING_LIMIT_PER_ADDRESS = 2
    for _ in range(2):
        client.post(reverse("accounts:password_reset"), {"email": "minji@example.kr"})
    limited = client.post(reverse("accounts:password_reset"), {"email": "minji@example.kr"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "요청이 너무 많습니다" in limited.content.decode()
    signup(client)
    signup(Client(), display_name="다시")
    third = signup(Client(), display_name="또")
    assert third.status_code == 429
    assert User.objects.filter(email="minji@example.kr").count() == 1


def test_too_many_sign_ups_from_one_address_are_refused(client, settings):
    settings.PPURI_JOINING_LIMIT_PER_IP = 3
    for n in range(3):
        assert signup(client, email=f"user{n}@example.kr").status_code == 302
    assert signup(client, email="user9@example.kr").status_code == 429
    assert not User.objects.filter(email="user9@example.kr").exists()


def test_optional_consents_are_withdrawn_and_given_again_and_the_record_stays(seeker):
    client = client_for(seeker)
    Consent.objects.create(
        user=seeker, purpose="account", notice_version="2026-12-03", given_at=timezone.now()
    )
    Consent.objects.create(
        user=seeker, purpose="job_offers", notice_version="2026-12-03", given_at=timezone.now()
    )
    client.post(reverse("accounts:consent_change"), {"purpose": "job_offers", "action": "withdraw"})
    assert Consent.objects.get(user=seeker, purpose="job_offers").withdrawn_at is not None
    client.post(reverse("accounts:consent_change"), {"purpose": "job_offers", "action": "give"})
    rows = Consent.objects.filter(user=seeker, purpose="job_offers").order_by("pk")
    assert [row.withdrawn_at is None for row in rows] == [False, True]
    page = client.get(reverse("accounts:consents")).content.decode()
    assert "철회" in page and "채용 제안 받기" in page
    assert ActivityLog.objects.filter(verb="accounts.consent.withdrawn").count() == 1


@pytest.mark.parametrize(
    ("purpose", "says"),
    [("account", "필수 동의는 철회할 수 없습니다"), ("marketing", "알 수 없는 동의 항목")],
)
def test_the_required_consent_or_an_unknown_one_cannot_be_withdrawn(seeker, purpose, says):
    client = client_for(seeker)
    Consent.objects.create(user=seeker, purpose="account", notice_version="v", given_at=timezone.now())
    response = client.post(
        reverse("accounts:consent_change"), {"purpose": purpose, "action": "withdraw"}, follow=True
    )
    assert says in response.content.decode()
    assert Consent.objects.get(user=seeker, purpose="account").withdrawn_at is None


def test_nobody_sees_anothers_consents(seeker, outsider):
    Consent.objects.create(
        user=seeker, purpose="job_offers", notice_version="LEAK-VERSION", given_at=timezone.now()
    )
    assert "LEAK-VERSION" not in client_for(outsider).get(reverse("accounts:consents")).content.decode()
    assert Client().get(reverse("accounts:consents")).status_code == 302


def test_unconfirmed_sign_ups_are_deleted_after_the_retention_and_no_sooner(client, settings):
    settings.PPURI_UNVERIFIED_SIGNUP_DAYS = 7
    signup(client, email="old@example.kr")
    signup(Client(), email="recent@example.kr")
    signup(Client(), email="confirmed@example.kr")
    User.objects.filter(email__in=["old@example.kr", "confirmed@example.kr"]).update(
        date_joined=timezone.now() - timedelta(days=8)
    )
    User.objects.filter(email="confirmed@example.kr").update(awaiting_email_verification=False)
    out = StringIO()
    call_command("purge_unverified_signups", stdout=out)
    assert "1 unconfirmed sign-ups deleted" in out.getvalue()
    assert set(User.objects.values_list("email", flat=True)) == {"recent@example.kr", "confirmed@example.kr"}
    assert not Consent.objects.filter(user__email="old@example.kr").exists()
    assert ActivityLog.objects.filter(verb="accounts.user.signed_up").count() == 2


def test_every_page_links_the_privacy_policy(client, supplier, seeker):
    from tests.test_url_access import PUBLIC

    pages = [
        reverse(name)
        for name in sorted(PUBLIC)
        if name
        not in {
            "livez",
            "healthz",
            "readyz",
            "registry:company_detail",
            "registry:complex_detail",
            "dashboards:detail",
        }
    ]
    pages += [supplier.get_absolute_url(), "/complexes/namdong/", "/search/?q=주조", "/dashboards/namdong/"]
    signed_in = client_for(seeker)
    for viewer in (client, signed_in):
        for path in pages:
            response = viewer.get(path)
            if response.status_code != 200:
                continue
            assert 'href="/privacy/"' in response.content.decode(), path
    assert 'href="/privacy/"' in client.get("/no-such-page/").content.decode()


def test_the_joining_pages_and_the_policy_read_in_english():
    from tests.test_english import english_client

    client = english_client()
    signup_page = client.get(reverse("accounts:signup")).content.decode()
    assert "[Required] I agree" in signup_page and "If you refuse" in signup_page
    assert "가입하기" not in signup_page
    policy = client.get("/privacy/").content.decode()
    assert "Privacy policy" in policy and "Incheon Technopark, which runs Ppuri" in policy
    assert "not yet confirmed" in policy


def test_a_session_of_an_account_waiting_for_confirmation_does_nothing(seeker):
    client = client_for(seeker)
    assert client.get(reverse("accounts:consents")).status_code == 200
    User.objects.filter(pk=seeker.pk).update(awaiting_email_verification=True)
    response = client.get(reverse("accounts:consents"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/me").status_code == 401
