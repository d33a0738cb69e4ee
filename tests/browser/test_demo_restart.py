"""`ppuri demo` as a newcomer runs it: a real process on a free port against a var/ folder of its own
(SQLite, the README's setup), the operator imports a factory file through the import page in Chromium,
the demo is stopped and started again, and it serves — with the import — instead of refusing.

Slow (the first start loads the whole demo Incheon, about a minute on a busy 2-core machine), so it
runs with the browser tests."""

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from ppuri.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_KEY
from tests.importing.conftest import SAMPLE_35

pytestmark = pytest.mark.browser

STARTUP_SECONDS = 300  # the first start migrates and loads the demo


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Demo:
    """`ppuri demo --addrport 127.0.0.1:<port>` and its worker, in a process group of their own."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        self.env.update(PPURI_VAR_DIR=str(root), PYTHONUNBUFFERED="1")
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (self.root / f"demo-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "ppuri.cli", "demo", "--addrport", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # As from a terminal: Ctrl-C reaches it even when this test runs where SIGINT is ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._answers():
            if self.process.poll() is not None:
                raise AssertionError(f"ppuri demo ended ({self.process.returncode}):\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer in {STARTUP_SECONDS} s:\n{self.log()[-3000:]}")
            time.sleep(0.5)

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310 - our server
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log(self) -> str:
        return (self.root / f"demo-{self.starts}.log").read_text(errors="replace")

    def stop(self) -> int | None:
        """Ctrl-C, as a person stops it: to the whole group, the web server and its worker. The exit
        status, or None when it had to be killed."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            return None


@pytest.fixture
def demo(tmp_path):
    demo = Demo(tmp_path / "var", _free_port())
    demo.root.mkdir()
    yield demo
    demo.stop()


def test_a_second_ppuri_demo_after_an_import_serves_the_demo_and_the_import(browser, demo):
    demo.start()
    assert "데모 데이터를 불러왔습니다" in demo.log()
    context = browser.new_context(locale="ko-KR", base_url=demo.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/accounts/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    # The operator's second factor: the code of the demo's documented authenticator key.
    totp = TOTP(base64.b32decode(DEMO_TOTP_KEY))
    totp.time = time.time()
    page.fill("#id_code", f"{totp.token():06d}")
    page.get_by_test_id("mfa-verify-form").locator("button[type=submit]").click()
    page.wait_for_load_state()

    # The import page, worked by the worker `ppuri demo` starts beside the web server.
    page.goto("/imports/")
    page.set_input_files("#id_file", str(SAMPLE_35))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("import-status")).to_have_text("완료", timeout=120_000)
    context.close()
    assert demo.stop() == 0  # Ctrl-C stops it cleanly

    demo.start()

    log = demo.log()
    assert "기존 데이터베이스를 그대로 씁니다" in log and "가져오거나 등록한 기업" in log
    assert "Refusing" not in log
    context = browser.new_context(locale="ko-KR", base_url=demo.url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/")
    expect(page.locator("h1").first).to_be_visible()
    page.goto("/companies/?q=세광주조")
    expect(page.get_by_role("link", name="세광주조").first).to_be_visible()
    context.close()
