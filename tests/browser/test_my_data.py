"""내 정보 / my data in real Chromium (issue 13): a user opens what Ppuri holds about them, downloads
it as JSON, deletes the account with the password, is logged out and cannot log in again."""

import json

import pytest
from playwright.sync_api import expect

from ppuri.accounts.models import User
from ppuri.registry.models import Membership
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_downloads_their_data_then_deletes_the_account(page, supplier_admin, tmp_path):
    supplier_admin.display_name = "김세광 과장"
    supplier_admin.email = "kim@sekwang.example"
    supplier_admin.save()
    log_in(page, "supplier-admin")

    page.get_by_test_id("user-menu").locator("summary").click()
    page.get_by_role("link", name="내 정보").first.click()
    expect(page.locator("h1")).to_have_text("내 정보")
    expect(page.get_by_test_id("section-account")).to_contain_text("kim@sekwang.example")
    expect(page.get_by_test_id("section-memberships")).to_contain_text("세광주조(주)")

    with page.expect_download() as downloading:
        page.get_by_test_id("download-json").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".json")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    account = next(section for section in data["sections"] if section["key"] == "account")
    assert {"field": "표시 이름", "value": "김세광 과장"} in account["rows"]

    page.get_by_test_id("delete-link").click()
    expect(page.get_by_test_id("warning")).to_contain_text("세광주조(주)")
    expect(page.get_by_test_id("kept")).to_contain_text("접속기록")
    page.fill("#id_password", "wrong-password")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.locator(".errorlist, .krds-form-error, [id$='_error']").first).to_be_visible()
    assert User.objects.get(pk=supplier_admin.pk).is_active

    page.fill("#id_password", PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="탈퇴하기").click()
    expect(page.locator("h1")).to_have_text("탈퇴했습니다")
    expect(page.get_by_test_id("erased")).to_contain_text(
        "아이디, 이름, 전자우편 주소와 비밀번호를 지웠습니다"
    )
    expect(page.get_by_test_id("kept")).to_contain_text("보존 기간")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)  # logged out

    gone = User.objects.get(pk=supplier_admin.pk)
    assert gone.username == f"deleted-{gone.pk}" and not gone.is_active
    assert not Membership.objects.filter(user=gone).exists()

    log_in(page, "supplier-admin")
    expect(page.locator("#id_username")).to_be_visible()  # still on the login page
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    page.goto("/accounts/my-data/")
    assert "/accounts/login/" in page.url
