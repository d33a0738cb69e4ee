"""Session rules kept on the server: idle and absolute timeouts, "log out of other sessions", and a
password change ending the other sessions. Time is moved by rewriting the session's stamps."""

import time

import pytest
from django.test import Client

from ppuri.accounts.security import sessions
from ppuri.core.models import ActivityLog, Notification
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def age_session(client: Client, *, idle_minutes: float = 0, since_login_hours: float = 0) -> None:
    session = client.session
    now = time.time()
    session[sessions.SEEN_KEY] = now - idle_minutes * 60
    session[sessions.STARTED_KEY] = now - since_login_hours * 3600
    session.save()


def test_a_privileged_session_ends_after_thirty_idle_minutes_with_a_message(operator):
    client = client_for(operator)
    age_session(client, idle_minutes=31)

    response = client.get("/imports/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fimports%2F"
    assert "_auth_user_id" not in client.session
    login = client.get(response["Location"]).content.decode()
    assert "세션이 만료되었습니다" in login


def test_a_privileged_session_idle_for_less_stays_and_is_kept_alive(operator):
    client = client_for(operator)
    age_session(client, idle_minutes=29)

    assert client.get("/imports/").status_code == 200
    assert time.time() - client.session[sessions.SEEN_KEY] < 5


@pytest.mark.parametrize(("idle", "ended"), [(31, False), (119, False), (121, True)])
def test_other_roles_have_a_longer_idle_limit(supplier_admin, idle, ended):
    client = client_for(supplier_admin)
    age_session(client, idle_minutes=idle)

    response = client.get("/accounts/tokens/")

    assert (response.status_code == 302) is ended


def test_the_idle_limit_comes_from_the_settings(operator, settings):
    settings.PPURI_SESSION_IDLE_MINUTES_PRIVILEGED = 5
    client = client_for(operator)
    age_session(client, idle_minutes=6)

    assert client.get("/imports/")["Location"].startswith("/accounts/login/")


def test_any_session_ends_twelve_hours_after_sign_in_however_busy(supplier_admin):
    client = client_for(supplier_admin)
    age_session(client, idle_minutes=1, since_login_hours=12.1)

    response = client.get("/accounts/tokens/")

    assert response["Location"].startswith("/accounts/login/")
    assert "세션이 만료되었습니다" in client.get(response["Location"]).content.decode()


def test_an_expired_session_on_the_api_is_answered_as_anonymous_not_redirected(supplier_admin):
    client = client_for(supplier_admin)
    age_session(client, since_login_hours=13)

    response = client.get("/api/v1/sourcing/requests")

    assert response.status_code == 401 and "detail" in response.json()


def test_the_cookie_lives_no_longer_than_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.PPURI_SESSION_ABSOLUTE_HOURS * 3600


def test_log_out_of_other_sessions_ends_the_others_and_keeps_this_one(supplier_admin):
    here = client_for(supplier_admin)
    there = client_for(supplier_admin)
    assert there.get("/accounts/tokens/").status_code == 200

    response = here.post("/accounts/security/sessions/end-others/")

    assert response.status_code == 302
    assert here.get("/accounts/tokens/").status_code == 200
    ended = there.get("/accounts/tokens/")
    assert ended["Location"].startswith("/accounts/login/")
    assert "세션이 종료되었습니다" in there.get(ended["Location"]).content.decode()
    assert (
        ActivityLog.objects.filter(verb="accounts.sessions.ended_others", actor=supplier_admin).count() == 1
    )
    supplier_admin.refresh_from_db()
    assert supplier_admin.session_epoch == 1


def test_log_out_of_other_sessions_is_a_post(supplier_admin):
    client = client_for(supplier_admin)

    assert client.get("/accounts/security/sessions/end-others/").status_code == 405
    supplier_admin.refresh_from_db()
    assert supplier_admin.session_epoch == 0


def test_a_password_change_ends_the_other_sessions(operator):
    operator.email = "operator@ppuri.example"
    operator.save()
    here = client_for(operator)
    there = client_for(operator)
    new = "another-password-456"

    response = here.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302 and response["Location"] == "/accounts/security/"
    assert here.get("/imports/").status_code == 200
    assert there.get("/imports/")["Location"].startswith("/accounts/login/")
    operator.refresh_from_db()
    assert operator.check_password(new) and operator.session_epoch == 1
    assert ActivityLog.objects.filter(verb="accounts.password.changed", actor=operator).exists()
    assert Notification.objects.filter(recipient=operator, verb="accounts.password.changed").exists()


def test_a_wrong_old_password_changes_nothing_and_ends_no_session(operator):
    here = client_for(operator)
    there = client_for(operator)

    response = here.post(
        "/accounts/password_change/",
        {"old_password": "wrong-password", "new_password1": "x-new-pass-1", "new_password2": "x-new-pass-1"},
    )

    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    assert there.get("/imports/").status_code == 200
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD) and operator.session_epoch == 0


def test_the_security_page_shows_the_limits_and_the_second_factor(operator, seeker):
    html = client_for(operator).get("/accounts/security/").content.decode()
    assert "30분" in html and "12시간" in html and "사용 중" in html and "끌 수 없습니다" in html
    html = client_for(seeker).get("/accounts/security/").content.decode()
    assert "120분" in html and "사용 안 함" in html and 'href="/accounts/mfa/"' in html


def test_the_security_page_needs_a_signed_in_user(client):
    assert client.get("/accounts/security/")["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/security/sessions/end-others/")["Location"].startswith("/accounts/login/")
