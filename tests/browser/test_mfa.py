"""An operator's first sign-in: sent to enrolment, adds the key to an authenticator (computed here
from the key the page shows, as an app would), keeps the recovery codes and reaches the back office;
a later sign-in without the code does not reach it."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def sign_in_with_password(page, username: str) -> None:
    page.goto("/accounts/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "test-password-123")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_an_operator_enrols_and_then_cannot_reach_the_back_office_without_the_code(open_page, operator):
    page = open_page()
    sign_in_with_password(page, "operator")

    # Sent to enrolment, with a QR code and the key to type in.
    assert "/accounts/mfa/" in page.url
    expect(page.locator("h1")).to_have_text("2단계 인증 등록")
    expect(page.get_by_test_id("mfa-qr").locator("svg")).to_be_visible()
    key = re.sub(r"\s", "", page.get_by_test_id("mfa-key").inner_text())
    assert re.fullmatch(r"[A-Z2-7]{32}", key)

    page.fill("#id_code", "000000" if code_for(key) != "000000" else "111111")
    page.get_by_test_id("mfa-setup-form").locator("button[type=submit]").click()
    expect(page.locator(".errorlist").first).to_contain_text("인증 코드가 맞지 않습니다")
    page.wait_for_timeout(1_100)  # django-otp holds the next try back a second after a wrong code

    page.fill("#id_code", code_for(key))
    page.get_by_test_id("mfa-setup-form").locator("button[type=submit]").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    page.get_by_test_id("continue").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    expect(page.locator("#site-name, h1").first).to_contain_text("Ppuri")

    # Another browser: the password alone does not open the back office.
    other = open_page()
    sign_in_with_password(other, "operator")
    assert "/accounts/mfa/verify/" in other.url
    other.goto("/admin/")
    assert "/accounts/mfa/verify/" in other.url
    other.goto("/admin/accounts/user/")
    assert "/accounts/mfa/verify/" in other.url
    expect(other.locator("h1")).to_have_text("2단계 인증")

    # With the app's next code it does (the one just used is refused as a replay).
    other.fill("#id_code", code_for(key, steps_ahead=1))
    other.get_by_test_id("mfa-verify-form").locator("button[type=submit]").click()
    other.wait_for_load_state()
    assert other.url.endswith("/admin/accounts/user/")
    expect(other.locator("#result_list")).to_contain_text("operator")
