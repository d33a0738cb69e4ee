"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise RuntimeError("Debian's chromium is required for browser tests: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test bodies are
    # still synchronous, so tell Django that is intended while the browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username: str, password: str = "test-password-123") -> None:  # noqa: S107 - the cast's password
    """Sign in through the login page; a privileged role (who must have an authenticator, given here
    if the cast has none) then types the authenticator's code on the code page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ppuri.accounts.models import User
    from ppuri.accounts.security.selectors import mfa_required
    from tests.conftest import give_totp_device, totp_code

    user = User.objects.filter(username=username).first()
    device = None
    if user is not None:
        device = (
            give_totp_device(user)
            if mfa_required(user)
            else TOTPDevice.objects.filter(user=user, confirmed=True).first()
        )
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    if device is not None and "/accounts/mfa/verify/" in page.url:
        page.fill("#id_code", totp_code(device))
        page.get_by_test_id("mfa-verify-form").locator("button[type=submit]").click()
        page.wait_for_load_state()


@pytest.fixture
def open_page(browser, live_server):
    """A page in a browser context of its own (its own cookies), one per person."""
    contexts = []

    def new_page():
        context = browser.new_context(locale="ko-KR", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new_page
    for context in contexts:
        context.close()
