"""A company user claims an imported company, the operator approves, the user edits the profile and
the public sees the claimed mark; a colleague joins through an invitation link."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ppuri.accounts.models import Role, User
from ppuri.registry.models import Claim, Membership
from tests.browser.conftest import log_in
from tests.factories import OrganizationFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up_as_company_staff(page, email: str) -> None:
    """Sign-up as a person does it: the form, the mailed link, the button that confirms."""
    page.goto("/accounts/signup/")
    page.check("input[name=kind][value=company]")
    page.fill("#id_email", email)
    page.fill("#id_display_name", "김한빛")
    page.fill("#id_password1", "주물-공장-2026!")
    page.fill("#id_password2", "주물-공장-2026!")
    page.check("#id_consent_account")
    page.click("[data-testid=signup-submit]")
    page.wait_for_url("**/accounts/signup/sent/")
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    page.goto(re.search(r"https?://\S+?(/accounts/verify/[^/\s]+/)", message.body).group(1))
    page.click("[data-testid=verify-submit]")
    page.wait_for_url("**/home/")


def test_a_company_user_signs_up_claims_the_operator_approves_and_the_user_edits(open_page, operator):
    imported = OrganizationFactory(name="한빛주물(주)", products="회주철 주물")
    SiteFactory(organization=imported)

    claimant = open_page()
    sign_up_as_company_staff(claimant, "kim@hanbit.co.kr")
    assert User.objects.get(email="kim@hanbit.co.kr").role == Role.COMPANY
    claimant.goto(f"/companies/{imported.pk}/")
    expect(claimant.get_by_test_id("claimed-mark")).to_have_count(0)
    expect(claimant.get_by_test_id("claim-prompt")).to_contain_text("이 기업의 담당자이신가요?")
    claimant.get_by_test_id("claim-prompt").get_by_role("link", name="소유권 신청").click()
    claimant.fill("#id_business_number", "220-81-62518")  # a typing error in the last digit
    claimant.fill("#id_work_email", "kim@hanbit.co.kr")
    claimant.fill("#id_message", "생산관리팀장입니다.")
    claimant.get_by_test_id("claim-form").locator("button[type=submit]").click()
    expect(claimant.locator("#id_business_number_error")).to_contain_text("검증 숫자")
    assert not Claim.objects.exists()
    claimant.fill("#id_business_number", "220-81-62517")
    evidence = {"name": "사업자등록증.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\nevidence\n"}
    claimant.set_input_files("#id_document", files=[evidence])
    claimant.get_by_test_id("claim-form").locator("button[type=submit]").click()
    expect(claimant.get_by_test_id("claim-status")).to_have_text("검토 대기")
    claim = Claim.objects.get()

    desk = open_page()
    log_in(desk, "operator")
    desk.goto("/claims/")
    desk.get_by_test_id("claim-row").get_by_role("link", name="한빛주물(주)").click()
    expect(desk.get_by_test_id("business-number").first).to_have_text("220-81-62517")
    expect(desk.get_by_test_id("domain-signal").first).to_contain_text("계정 이메일과 같은 도메인")
    desk.get_by_test_id("approve").click()
    expect(desk.get_by_test_id("claim-status")).to_have_text("승인 완료")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert Membership.objects.get(organization=imported, user=claim.claimant).role == "admin"

    claimant.goto(f"/companies/{imported.pk}/")
    claimant.get_by_role("link", name="프로필 수정").click()
    expect(claimant).to_have_url(re.compile(rf"/companies/{imported.pk}/edit/$"))
    claimant.fill("#id_description", "회주철 주물 전문, 월 300톤")
    claimant.locator("form.form button[type=submit]").click()
    expect(claimant.get_by_test_id("company-name")).to_have_text("한빛주물(주)")

    visitor = open_page()
    visitor.goto(f"/companies/{imported.pk}/")
    expect(visitor.get_by_test_id("claimed-mark")).to_contain_text("확인된 기업")
    expect(visitor.get_by_test_id("profile-card")).to_contain_text("회주철 주물 전문, 월 300톤")
    expect(visitor.get_by_test_id("claim-prompt")).to_have_count(0)


def test_a_new_colleague_joins_through_an_invitation(open_page, supplier, supplier_admin, settings):
    admin = open_page()
    log_in(admin, "supplier-admin")
    admin.goto(f"/companies/{supplier.pk}/people/")
    admin.fill("#id_email", "park@sekwang.co.kr")
    admin.select_option("#id_membership_role", "member")
    admin.get_by_test_id("invite-form").locator("button[type=submit]").click()
    expect(admin.get_by_test_id("pending-invitations")).to_contain_text("park@sekwang.co.kr")
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    path = "/invitations/" + link.split("/invitations/", 1)[1]

    newcomer = open_page()
    newcomer.goto(path)
    expect(newcomer.get_by_test_id("invitation-state")).to_contain_text("세광주조(주)")
    newcomer.fill("#id_name", "박민수")
    newcomer.fill("#id_password", "mold-press-2026!")
    newcomer.fill("#id_password_again", "mold-press-2026!")
    newcomer.get_by_test_id("accept").click()
    expect(newcomer.get_by_test_id("company-name")).to_have_text("세광주조(주)")
    newcomer.get_by_test_id("people-link").click()
    expect(newcomer.get_by_test_id("people")).to_contain_text("박민수")
    assert Membership.objects.filter(
        organization=supplier, user__email="park@sekwang.co.kr", role="member"
    ).exists()

    again = open_page()
    again.goto(path)
    expect(again.get_by_test_id("invitation-state")).to_contain_text("이미 사용한 초대 링크")
