"""Claiming an imported listing: the page, the operators' queue and decisions, the claimed mark."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ppuri.accounts.models import Role
from ppuri.core.models import ActivityLog, Notification
from ppuri.registry.models import Claim, ClaimDocument, Membership
from tests.conftest import client_for, count_queries
from tests.factories import OrganizationFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = "220-81-62517"
WRONG_CHECK_DIGIT = "220-81-62518"


@pytest.fixture
def imported(db):
    """A company the registry imported: public, nobody works for it yet."""
    organization = OrganizationFactory(name="한빛주물(주)", website="https://www.hanbit-casting.co.kr")
    SiteFactory(organization=organization)
    return organization


@pytest.fixture
def claimant(db):
    return UserFactory(username="claimant", role=Role.COMPANY, email="kim@hanbit-casting.co.kr")


@pytest.fixture
def rival(db):
    return UserFactory(username="rival", role=Role.COMPANY, email="lee@gmail.com")


def _claim(client, organization, **values):
    data = {"business_number": VALID, "work_email": "kim@hanbit-casting.co.kr", "message": "품질팀장입니다."}
    data.update(values)
    return client.post(f"/companies/{organization.pk}/claim/", data)


def _make_claim(user, organization, **values) -> Claim:
    response = _claim(client_for(user), organization, **values)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Claim.objects.get(claimant=user, organization=organization, status=Claim.Status.PENDING)


# --- asking ----------------------------------------------------------------------------------------


def test_a_company_user_claims_with_a_document_and_operators_hear_of_it(imported, claimant, operator):
    document = SimpleUploadedFile("사업자등록증.pdf", b"%PDF-1.7\nevidence\n")
    response = _claim(client_for(claimant), imported, document=document)
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    assert (claim.business_number, claim.status, claim.work_email) == (
        "2208162517",
        "pending",
        "kim@hanbit-casting.co.kr",
    )
    assert ClaimDocument.objects.get(claim=claim).kind == "pdf"
    assert ActivityLog.objects.filter(verb="registry.claim.submitted", target_id=str(claim.pk)).exists()
    notice = Notification.objects.get(recipient=operator, verb="registry.claim.submitted")
    assert notice.url == f"/claims/{claim.pk}/"
    assert not Membership.objects.filter(organization=imported).exists()  # nothing until approved
    page = client_for(claimant).get(f"/claims/{claim.pk}/").content.decode()
    assert "220-81-62517" in page and "사업자등록증.pdf" in page


def test_a_wrong_check_digit_is_refused_at_its_field(imported, claimant):
    response = _claim(client_for(claimant), imported, business_number=WRONG_CHECK_DIGIT)
    assert response.status_code == 200
    form = response.context["form"]
    assert "검증 숫자" in form.errors["business_number"][0]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("business_number", {"business_number": "12345"}),
        ("business_number", {"business_number": ""}),
        ("work_email", {"work_email": "not-an-address"}),
        ("message", {"message": "가" * 2001}),
        ("message", {"message": "주민번호 900101-1234567"}),
        ("document", {"document": SimpleUploadedFile("evidence.pdf", b"MZ not a pdf")}),
        ("document", {"document": SimpleUploadedFile("evidence.exe", b"%PDF-1.7\n")}),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(imported, claimant, field, values):
    response = _claim(client_for(claimant), imported, **values)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Claim.objects.exists() and not ClaimDocument.objects.exists()


def test_the_same_person_cannot_claim_twice_while_waiting(imported, claimant):
    _make_claim(claimant, imported)
    response = _claim(client_for(claimant), imported)
    assert response.status_code == 200
    assert "organization" not in response.context["form"].fields
    assert "검토 중인 신청" in response.content.decode()
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SEEKER, Role.CITY, Role.LABOR_OFFICE, Role.UNIVERSITY, Role.EXPERT])
def test_other_roles_cannot_claim(imported, role):
    user = UserFactory(username=f"not-company-{role}", role=role)
    client = client_for(user)
    assert client.get(f"/companies/{imported.pk}/claim/").status_code == 403
    assert _claim(client, imported).status_code == 403
    assert not Claim.objects.exists()


def test_an_unverified_company_account_cannot_claim(imported):
    user = UserFactory(username="unverified", role=Role.COMPANY, awaiting_email_verification=True)
    # Its session reads as anonymous (accounts.backends): sent to sign in, where it is told why.
    response = _claim(client_for(user), imported)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Claim.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, imported):
    response = _claim(client, imported)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Claim.objects.exists()


def test_the_profile_invites_company_users_to_claim_an_unclaimed_company(client, imported, claimant, seeker):
    url = f"/companies/{imported.pk}/"
    assert "이 기업의 담당자이신가요?" in client_for(claimant).get(url).content.decode()
    assert "이 기업의 담당자이신가요?" not in client_for(seeker).get(url).content.decode()
    assert "이 기업의 담당자이신가요?" not in client.get(url).content.decode()
    claim = _make_claim(claimant, imported)
    page = client_for(claimant).get(url).content.decode()
    assert "이 기업의 담당자이신가요?" not in page and f"/claims/{claim.pk}/" in page


# --- deciding --------------------------------------------------------------------------------------


def test_approval_makes_the_admin_membership_and_the_claimed_mark(client, imported, claimant, operator):
    claim = _make_claim(claimant, imported)
    assert "claimed-mark" not in client.get(f"/companies/{imported.pk}/").content.decode()
    response = client_for(operator).post(f"/claims/{claim.pk}/approve/")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("approved", operator)
    assert Membership.objects.get(organization=imported, user=claimant).role == Membership.Role.ADMIN
    assert Notification.objects.filter(recipient=claimant, verb="registry.claim.approved").exists()
    assert ActivityLog.objects.filter(verb="registry.claim.approved").exists()
    profile = client.get(f"/companies/{imported.pk}/").content.decode()
    assert "확인된 기업 · 소유권 확인" in profile
    assert "claimed-mark" in client.get("/companies/", {"q": "한빛주물"}).content.decode()
    assert client.get(f"/api/v1/companies/{imported.pk}").json()["claimed"] is True
    rows = client.get("/api/v1/companies", {"q": "한빛주물"}).json()["results"]
    assert [row["claimed"] for row in rows] == [True]
    # The new admin edits the profile through the existing page.
    edit = client_for(claimant).get(f"/companies/{imported.pk}/edit/")
    assert edit.status_code == 200
    # And is not offered the claim any more; a second approval is refused.
    assert (
        "이 기업의 담당자이신가요?"
        not in client_for(claimant).get(f"/companies/{imported.pk}/").content.decode()
    )
    again = client_for(operator).post(f"/claims/{claim.pk}/approve/", follow=True)
    assert "이미 처리된 신청" in again.content.decode()
    assert Membership.objects.filter(organization=imported).count() == 1


def test_an_unclaimed_company_is_not_marked_in_the_api(client, imported):
    assert client.get(f"/api/v1/companies/{imported.pk}").json()["claimed"] is False


def test_refusal_needs_a_reason_and_tells_the_claimant(imported, claimant, operator):
    claim = _make_claim(claimant, imported)
    response = client_for(operator).post(f"/claims/{claim.pk}/refuse/", {"reason": "   "})
    assert response.status_code == 200 and "reason" in response.context["refuse_form"].errors
    claim.refresh_from_db()
    assert claim.status == "pending"
    response = client_for(operator).post(
        f"/claims/{claim.pk}/refuse/", {"reason": "사업자등록증의 상호가 다릅니다."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.refusal_reason) == ("refused", "사업자등록증의 상호가 다릅니다.")
    assert Notification.objects.filter(recipient=claimant, verb="registry.claim.refused").exists()
    assert not Membership.objects.filter(organization=imported).exists()
    assert (
        "사업자등록증의 상호가 다릅니다." in client_for(claimant).get(f"/claims/{claim.pk}/").content.decode()
    )


def test_the_claimant_withdraws_and_nobody_else_can(imported, claimant, rival, operator):
    claim = _make_claim(claimant, imported)
    assert client_for(rival).post(f"/claims/{claim.pk}/withdraw/").status_code == 404
    assert client_for(claimant).post(f"/claims/{claim.pk}/approve/").status_code == 403
    claim.refresh_from_db()
    assert claim.status == "pending"
    assert client_for(claimant).post(f"/claims/{claim.pk}/withdraw/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == "withdrawn"
    assert ActivityLog.objects.filter(verb="registry.claim.withdrawn").exists()
    # A withdrawn claim cannot be approved.
    client_for(operator).post(f"/claims/{claim.pk}/approve/")
    assert not Membership.objects.filter(organization=imported).exists()


def test_competing_claims_wait_side_by_side_and_a_claimed_company_is_flagged(
    imported, claimant, rival, operator
):
    first = _make_claim(claimant, imported)
    second = _make_claim(rival, imported, business_number="1208147521", work_email="lee@other.kr")
    queue = client_for(operator).get("/claims/").content.decode()
    assert queue.count('data-testid="flag-competing"') == 2
    detail = client_for(operator).get(f"/claims/{first.pk}/").content.decode()
    assert 'data-testid="competing"' in detail and "120-81-47521" in detail and "lee@other.kr" in detail
    # The signals: the first's work e-mail matches its account and the website; the second's neither.
    view = client_for(operator).get(f"/claims/{first.pk}/").context["view"]
    assert (view.signals.matches_account, view.signals.matches_website) == (True, True)
    other = view.competing[0]
    assert (other.signals.matches_account, other.signals.matches_website) == (False, False)
    client_for(operator).post(f"/claims/{first.pk}/approve/")
    second.refresh_from_db()
    assert second.status == "pending"  # the operator decides it too
    queue = client_for(operator).get("/claims/").content.decode()
    assert 'data-testid="flag-has-admin"' in queue
    assert (
        'data-testid="flag-has-admin"' in client_for(operator).get(f"/claims/{second.pk}/").content.decode()
    )


def test_claimants_see_only_their_own_claims(imported, claimant, rival, other_company):
    mine = _make_claim(claimant, imported)
    theirs = _make_claim(rival, other_company, business_number="1208147521")
    page = client_for(claimant).get("/my/claims/")
    assert list(page.context["claims"]) == [mine]
    assert client_for(claimant).get(f"/claims/{theirs.pk}/").status_code == 404
    assert client_for(claimant).get("/claims/").status_code == 403


def test_evidence_documents_reach_only_the_claimant_and_operators(
    imported, claimant, rival, operator, client
):
    response = _claim(
        client_for(claimant), imported, document=SimpleUploadedFile("evidence.pdf", b"%PDF-1.7\nsecret\n")
    )
    claim = Claim.objects.get()
    document = claim.documents.get()
    url = f"/claims/{claim.pk}/documents/{document.pk}/"
    assert response.status_code == 302
    assert b"secret" in b"".join(client_for(claimant).get(url).streaming_content)
    assert client_for(operator).get(url).status_code == 200
    assert client_for(rival).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_the_queue_reads_a_fixed_number_of_queries(operator, claimant, rival):
    client = client_for(operator)
    for i in range(2):
        _make_claim(claimant, OrganizationFactory(name=f"대기기업{i}"))
    before = count_queries(client, "/claims/")
    for i in range(4):
        organization = OrganizationFactory(name=f"추가대기{i}")
        _make_claim(claimant, organization)
        _make_claim(rival, organization, business_number="1208147521")
    assert count_queries(client, "/claims/") == before


def test_my_claims_reads_a_fixed_number_of_queries(claimant):
    client = client_for(claimant)
    _make_claim(claimant, OrganizationFactory(name="내신청0"))
    before = count_queries(client, "/my/claims/")
    for i in range(1, 5):
        _make_claim(claimant, OrganizationFactory(name=f"내신청{i}"))
    assert count_queries(client, "/my/claims/") == before
