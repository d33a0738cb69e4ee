"""Joining in a real browser (issue 13): a seeker signs up, confirms the address from the mail, and
lands signed in on the page sign-in leads to, with the consents given; a password reset end to end."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from ppuri.accounts.models import Consent, Role, User
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_seeker_signs_up_confirms_the_address_and_lands_signed_in(page, live_server):
    page.goto("/")
    page.click("[data-testid=signup-link]")
    assert page.url.endswith("/accounts/signup/")
    page.check("input[name=kind][value=seeker]")
    page.fill("#id_email", "minji@example.kr")
    page.fill("#id_display_name", "김민지")
    page.fill("#id_password1", "뿌리-용접-2026!")
    page.fill("#id_password2", "뿌리-용접-2026!")
    # The notice is on the page before anything is agreed: purpose, items, retention, the right to refuse.
    notice = page.locator(".consent-notice").inner_text()
    assert "보유 기간" in notice and "동의 거부" in notice and "주민등록번호" in notice
    page.check("#id_consent_account")
    page.check("#id_consent_job_offers")
    page.click("[data-testid=signup-submit]")
    page.wait_for_url("**/accounts/signup/sent/")
    assert "minji@example.kr" in page.inner_text("main")

    user = User.objects.get(email="minji@example.kr")
    assert user.role == Role.SEEKER and user.awaiting_email_verification
    [message] = mail.outbox
    link = re.search(r"https?://\S+?(/accounts/verify/[^/\s]+/)", message.body).group(1)

    page.goto(link)
    page.click("[data-testid=verify-submit]")
    page.wait_for_url(f"**{reverse(settings.LOGIN_REDIRECT_URL)}")
    assert page.locator("[data-testid=user-menu]").count() == 1
    # The seeker's workspace: the seeker's modules, honest about what is still to come, no company tools.
    workspace = page.inner_text("main")
    assert "진행 중인 내 지원" in workspace  # the jobs module is here
    assert "청년 일자리 장려금 현황" in workspace and "준비 중" in workspace
    assert "견적 요청" not in page.inner_text("header")
    user.refresh_from_db()
    assert not user.awaiting_email_verification
    assert set(Consent.objects.filter(user=user, withdrawn_at=None).values_list("purpose", flat=True)) == {
        "account",
        "job_offers",
    }
    # The footer's privacy policy is one click away from here too.
    page.click("[data-testid=privacy-link]")
    page.wait_for_url("**/privacy/")
    assert "개인정보 처리방침" in page.inner_text("h1")


def test_a_forgotten_password_is_reset_from_the_mail_and_the_new_one_signs_in(page, live_server):
    UserFactory(username="sekwang-kim", email="kim@sekwang.co.kr")
    page.goto("/accounts/login/")
    page.click("text=비밀번호를 잊었나요?")
    page.fill("#id_email", "kim@sekwang.co.kr")
    page.click("[data-testid=reset-submit]")
    page.wait_for_url("**/accounts/password_reset/done/")
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    page.goto(path)
    page.fill("#id_new_password1", "새-비밀번호-뿌리-2026")
    page.fill("#id_new_password2", "새-비밀번호-뿌리-2026")
    page.click("[data-testid=new-password-submit]")
    page.wait_for_url("**/accounts/reset/done/")
    page.goto("/accounts/login/")
    page.fill("#id_username", "kim@sekwang.co.kr")
    page.fill("#id_password", "새-비밀번호-뿌리-2026")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=user-menu]").count() == 1
