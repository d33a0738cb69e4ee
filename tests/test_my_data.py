"""내 정보 / my data: what Ppuri holds about me, downloaded, corrected and deleted (PIPA 제35~37조),
and GET /api/v1/me and /api/v1/me/data."""

import csv
import io
import json
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.utils import timezone

from ppuri.accounts.models import ApiToken, Consent, ConsentPurpose, User
from ppuri.accounts.services import EMAIL_CHANGE_SALT, api_token_create
from ppuri.core import personal_data
from ppuri.core.models import AccessRecord, ActivityLog, Notification
from ppuri.core.notifications import notify
from ppuri.registry import services as registry
from ppuri.registry.models import Membership
from tests.conftest import PASSWORD, client_for
from tests.desk_fixtures import make_expert

pytestmark = pytest.mark.django_db

MY_DATA = "/accounts/my-data/"


def consent(user, purpose=ConsentPurpose.ACCOUNT):
    return Consent.objects.create(
        user=user, purpose=purpose, notice_version="2026-01", given_at=timezone.now()
    )


@pytest.fixture
def me(supplier_admin):
    """A company admin with a name, an address, a token, consents and a notification to show."""
    supplier_admin.display_name = "MYMARK 김세광"
    supplier_admin.email = "mymark@sekwang.example"
    supplier_admin.save()
    api_token_create(user=supplier_admin, name="MYMARK-TOKEN")
    consent(supplier_admin)
    consent(supplier_admin, ConsentPurpose.JOB_OFFERS)
    notify(recipients=[supplier_admin], verb="test.hello", summary="MYMARK-NOTICE 안내")
    return supplier_admin


@pytest.fixture
def stranger(other_admin):
    other_admin.display_name = "OTHERMARK 박동진"
    other_admin.email = "othermark@dongjin.example"
    other_admin.save()
    api_token_create(user=other_admin, name="OTHERMARK-TOKEN")
    consent(other_admin)
    notify(recipients=[other_admin], verb="test.hello", summary="OTHERMARK-NOTICE 안내")
    return other_admin


def records(user, action):
    return AccessRecord.objects.filter(user=user, kind="personal_data", action=action).count()


# --- the registry of providers ------------------------------------------------------------------


def test_every_model_with_a_field_pointing_at_users_is_covered_by_a_provider():
    pointing = {label for label, _field in personal_data.fields_pointing_at_users()}
    assert {"registry.Membership", "accounts.Consent", "core.Notification"} <= pointing
    assert {"graduate.Student", "graduate.NdaAcceptance", "graduate.Placement"} <= pointing
    assert pointing - personal_data.covered_models() == set()


def test_every_provider_says_what_deletion_keeps_and_why():
    _deletes, keeps = personal_data.policy()
    assert keeps and all(str(kept.what) and str(kept.why) and str(kept.how_long) for kept in keeps)


# --- see ----------------------------------------------------------------------------------------


def test_the_page_shows_my_data_and_nothing_of_another_user(me, stranger):
    response = client_for(me).get(MY_DATA)
    assert response.status_code == 200
    page = response.content.decode()
    for mine in ("MYMARK 김세광", "mymark@sekwang.example", "MYMARK-TOKEN", "MYMARK-NOTICE", "세광주조"):
        assert mine in page
    assert "OTHERMARK" not in page and "othermark" not in page and "동진열처리" not in page
    assert "회원 가입 및 관리" in page and "채용 제안 받기" in page
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]


def test_the_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(MY_DATA)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reading_the_page_is_in_the_access_record(me):
    client_for(me).get(MY_DATA)
    record = AccessRecord.objects.get(user=me, kind="personal_data")
    assert (record.action, record.target_id, record.path) == ("view", str(me.pk), MY_DATA)


def test_the_json_download_has_every_section_and_never_a_token_hash(me, stranger):
    _token, key = api_token_create(user=me, name="second")
    response = client_for(me).get("/accounts/my-data/download.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    data = json.loads(body)
    sections = {section["key"]: section for section in data["sections"]}
    assert {"account", "consents", "api_tokens", "memberships", "notifications", "activity"} <= set(sections)
    account = {row["field"]: row["value"] for row in sections["account"]["rows"]}
    assert account["표시 이름"] == "MYMARK 김세광" and account["전자우편"] == "mymark@sekwang.example"
    assert [row["field"] for row in sections["memberships"]["rows"]] == ["세광주조(주)"]
    assert len(sections["consents"]["rows"]) == 2
    for hashed in ApiToken.objects.filter(user=me).values_list("key_hash", flat=True):
        assert hashed not in body
    assert key not in body and "OTHERMARK" not in body
    assert records(me, "download") == 1


def test_the_csv_download_opens_in_excel_with_section_field_value(me):
    for url in ("/accounts/my-data/download.csv", "/accounts/my-data/download/?format=csv"):
        response = client_for(me).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        raw = response.content
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Korean as UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0] == ["section", "field", "value"]
        assert ["계정", "표시 이름", "MYMARK 김세광"] in rows
        assert {row[0] for row in rows[1:]} >= {"계정", "소속 기관", "알림"}
    assert records(me, "download") == 2


def test_the_csv_makes_a_formula_text(me):
    me.display_name = "=HYPERLINK(1)"
    me.save()
    rows = list(
        csv.reader(
            io.StringIO(client_for(me).get("/accounts/my-data/download.csv").content.decode("utf-8-sig"))
        )
    )
    assert ["계정", "표시 이름", "'=HYPERLINK(1)"] in rows


def test_an_unknown_download_format_is_a_404(me):
    assert client_for(me).get("/accounts/my-data/download.xml").status_code == 404


def test_the_page_and_download_read_in_english(me):
    client = client_for(me)
    client.cookies["django_language"] = "en"
    data = json.loads(client.get("/accounts/my-data/download.json", HTTP_ACCEPT_LANGUAGE="en").content)
    titles = {section["key"]: section["title"] for section in data["sections"]}
    assert titles["account"] == "Account"


def _graduate_students():
    """The graduate school enrols two students (linked to seeker accounts by their addresses); the
    first shows interest in a project of 세광주조's."""
    from datetime import date

    from ppuri.accounts.models import Role
    from ppuri.graduate import services as graduate
    from tests.factories import UserFactory

    school = UserFactory(username="grad-school", role=Role.UNIVERSITY)
    year = timezone.localdate().year - 1
    cohort = graduate.cohort_save(actor=school, year=year, target=30, starts_on=date(year, 3, 2))
    students = []
    for username, name in (("grad-me", "GRADMARK 김다은"), ("grad-other", "OTHERGRAD 이준호")):
        user = UserFactory(username=username, role=Role.SEEKER, email=f"{username}@inha.example")
        students.append(graduate.student_enrol(actor=school, cohort=cohort, name=name, email=user.email))
    return school, students


def test_a_students_graduate_records_are_theirs_to_see_and_deleting_unlinks_them(supplier, supplier_admin):
    from ppuri.graduate import services as graduate
    from ppuri.graduate.models import NdaAcceptance, Student

    school, (mine, other) = _graduate_students()
    project = graduate.project_publish(
        actor=school,
        project=graduate.project_propose(
            actor=supplier_admin,
            data=graduate.ProjectInput(
                company=supplier, title="다이캐스팅 기공 저감", summary="기공을 줄이는 과제",
                problem="가스 기공 불량률 4.2%", mentor_name="최멘토", confidentiality="nda",
            ),
        ),
    )  # fmt: skip
    for student, motivation in ((mine, "GRADMARK-MOTIVE 기공 연구"), (other, "OTHERGRAD-MOTIVE 주조 연구")):
        graduate.nda_accept(actor=student.user, project=project)
        graduate.interest_express(actor=student.user, project=project, motivation=motivation)

    page = client_for(mine.user).get(MY_DATA).content.decode()
    assert "제조혁신전문대학원" in page and "GRADMARK 김다은" in page and "GRADMARK-MOTIVE" in page
    assert "OTHERGRAD" not in page
    data = json.loads(client_for(mine.user).get("/accounts/my-data/download.json").content)
    assert "graduate" in {section["key"] for section in data["sections"]}

    account = mine.user
    response = client_for(account).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    # What the page said: the school's record and the company's record of the NDA stay, each cut from
    # the account.
    kept = Student.objects.get(pk=mine.pk)
    assert kept.name == "GRADMARK 김다은" and kept.user_id is None
    assert NdaAcceptance.objects.filter(project=project, user=None).count() == 1
    assert Student.objects.get(pk=other.pk).user_id == other.user_id
    assert NdaAcceptance.objects.filter(project=project, user=other.user).exists()


# --- correct ------------------------------------------------------------------------------------


def test_a_display_name_is_corrected_and_logged(me):
    response = client_for(me).post("/accounts/my-data/profile/", {"display_name": " 김세광 과장 "})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.display_name == "김세광 과장"
    assert ActivityLog.objects.filter(actor=me, verb="accounts.user.updated").exists()


def test_a_resident_number_in_the_name_is_refused_at_the_field(me):
    response = client_for(me).post("/accounts/my-data/profile/", {"display_name": "김세광 900101-1234567"})
    assert response.status_code == 200
    assert "주민등록번호" in str(response.context["profile_form"].errors["display_name"])
    me.refresh_from_db()
    assert me.display_name == "MYMARK 김세광"


@pytest.mark.parametrize("address", ["not-an-address", "a@b", "900101-1234567@example.kr", ""])
def test_a_bad_address_is_refused_at_the_field(me, address):
    response = client_for(me).post("/accounts/my-data/email/", {"email": address})
    assert response.status_code == 200
    assert response.context["email_form"].errors["email"]
    assert mail.outbox == []
    me.refresh_from_db()
    assert me.email == "mymark@sekwang.example"


def test_an_address_someone_else_uses_is_refused_without_saying_whose(me, stranger):
    response = client_for(me).post("/accounts/my-data/email/", {"email": "OtherMark@Dongjin.example"})
    assert response.status_code == 200
    errors = str(response.context["email_form"].errors["email"])
    assert "바꿀 수 없습니다" in errors
    assert stranger.username not in errors and "박동진" not in errors
    assert mail.outbox == []


def test_a_new_address_is_stored_only_once_its_link_is_followed(
    me, client, django_capture_on_commit_callbacks
):
    response = client_for(me).post("/accounts/my-data/email/", {"email": "new@sekwang.example"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.email == "mymark@sekwang.example"  # not yet
    (message,) = mail.outbox
    assert message.to == ["new@sekwang.example"]
    assert message.subject == "[Ppuri] 전자우편 주소 변경 확인"
    assert "3일 안에" in message.body and "within 3 days" in message.body  # Korean, then English
    link = re.search(r"https?://\S+/accounts/my-data/email/(\S+)/", message.body)
    assert link
    path = f"/accounts/my-data/email/{link[1]}/"
    assert "new@sekwang.example" in client.get(path).content.decode()  # a GET changes nothing
    me.refresh_from_db()
    assert me.email == "mymark@sekwang.example"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302
    me.refresh_from_db()
    assert me.email == "new@sekwang.example" and me.email_verified_at is not None
    assert not me.awaiting_email_verification
    assert mail.outbox[-1].to == ["mymark@sekwang.example"]  # the old address is told
    assert "운영기관에 알려 주세요" in mail.outbox[-1].body and "tell the operator" in mail.outbox[-1].body
    again = client.post(path)
    assert again.status_code == 400 and "이미 쓰였거나" in again.content.decode()


def test_a_mail_server_that_is_down_does_not_undo_the_new_address(
    me, client, settings, caplog, django_capture_on_commit_callbacks
):
    client_for(me).post("/accounts/my-data/email/", {"email": "new@sekwang.example"})
    path = re.search(r"/accounts/my-data/email/\S+/", mail.outbox[0].body)[0]
    # Nothing listens on port 9 here: the notice to the old address cannot be sent.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302
    me.refresh_from_db()
    assert me.email == "new@sekwang.example"
    assert "Could not send 1 e-mails" in caplog.text


def test_a_tampered_or_expired_link_is_explained(me, client):
    token = signing.dumps(
        {"user": me.pk, "from": me.email, "to": "x@sekwang.example"}, salt=EMAIL_CHANGE_SALT
    )
    tampered = client.post(f"/accounts/my-data/email/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "올바르지 않습니다" in tampered.content.decode()
    with mock.patch("time.time", return_value=time.time() - 4 * 24 * 3600):
        old = signing.dumps(
            {"user": me.pk, "from": me.email, "to": "x@sekwang.example"}, salt=EMAIL_CHANGE_SALT
        )
    expired = client.post(f"/accounts/my-data/email/{old}/")
    assert expired.status_code == 400 and "유효 기간" in expired.content.decode()
    me.refresh_from_db()
    assert me.email == "mymark@sekwang.example"


# --- delete -------------------------------------------------------------------------------------


def test_the_delete_page_says_what_goes_and_what_stays_and_warns_a_last_admin(me):
    page = client_for(me).get("/accounts/my-data/delete/").content.decode()
    assert "API 토큰" in page  # deleted
    assert "접속기록" in page and "제8조" in page  # kept, why
    assert "세광주조(주)의 관리자는 나 한 명입니다" in page


def test_a_wrong_password_deletes_nothing(me):
    response = client_for(me).post("/accounts/my-data/delete/", {"password": "wrong-password"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    me.refresh_from_db()
    assert me.is_active and me.deleted_at is None and me.username == "supplier-admin"
    assert me.email == "mymark@sekwang.example" and me.check_password(PASSWORD)
    assert ApiToken.objects.filter(user=me).count() == 1
    assert Membership.objects.filter(user=me).count() == 1
    assert Consent.objects.filter(user=me, withdrawn_at__isnull=True).count() == 2


def test_password_guesses_on_the_delete_page_are_limited_per_account(me, settings):
    settings.PPURI_JOINING_LIMIT_PER_ADDRESS = 3
    client = client_for(me)
    for _ in range(3):
        assert client.post("/accounts/my-data/delete/", {"password": "wrong-password"}).status_code == 200
    # The fourth try is refused before the password is checked, the right one included.
    refused = client.post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "요청이 너무 많습니다" in refused.content.decode()
    me.refresh_from_db()
    assert me.is_active and me.deleted_at is None
    # from another address too: the limit is the account's
    other = client_for(me)
    assert (
        other.post("/accounts/my-data/delete/", {"password": PASSWORD}, REMOTE_ADDR="10.9.8.7").status_code
        == 429
    )


def test_deleting_anonymises_the_account_and_keeps_what_the_law_requires(
    me, operator, supplier_member, client
):
    organization = me.memberships.get().organization
    registry.organization_update(actor=me, organization=organization, website="https://sekwang.example")
    browser = client_for(me)
    response = browser.post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/my-data/deleted/"
    after = browser.get(response["Location"]).content.decode()
    assert "API 토큰 1개를 지웠습니다" in after and "동의 2건을 철회" in after and "보관 기간" in after

    me.refresh_from_db()
    assert me.username == f"deleted-{me.pk}"
    assert (me.email, me.display_name, me.first_name, me.last_name) == ("", "", "", "")
    assert not me.has_usable_password() and not me.is_active and me.deleted_at is not None
    assert str(me) == "탈퇴한 사용자"
    assert not Membership.objects.filter(user=me).exists()
    assert not ApiToken.objects.filter(user=me).exists()
    assert not Notification.objects.filter(recipient=me).exists()
    kept = Consent.objects.filter(user=me)
    assert kept.count() == 2 and all(row.withdrawn_at for row in kept)
    assert ActivityLog.objects.filter(actor=me, verb="accounts.user.deleted").exists()
    # The last admin left: the operator is told.
    assert Notification.objects.filter(recipient=operator, verb="registry.organization.admin_left").exists()
    # Logged out, and the account cannot log in again under either name.
    assert browser.get(MY_DATA).status_code == 302
    for username in ("supplier-admin", f"deleted-{me.pk}"):
        login = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert login.status_code == 200 and "_auth_user_id" not in client.session
    # The change log a colleague reads names nobody.
    page = client_for(supplier_member).get(organization.get_absolute_url()).content.decode()
    assert "MYMARK" not in page and "탈퇴한 사용자" in page


def test_a_deleted_expert_is_no_longer_named_or_found(operator, institutions, expert, client):
    profile = make_expert("EXPERTMARK 김전문", institutions["inha"], technologies=["casting"], user=expert)
    profile.bio = "EXPERTMARK 주조 30년"
    profile.save()
    from ppuri.search.services import index_refresh

    index_refresh(doc_type="expert", object_ids=[profile.pk])
    searching = client_for(operator)
    assert profile.get_absolute_url() in searching.get("/search/", {"q": "EXPERTMARK"}).content.decode()
    response = client_for(expert).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.name == "탈퇴한 전문가" and profile.bio == "" and not profile.available
    for url in (profile.get_absolute_url(), "/search/?q=김전문", "/"):
        assert "EXPERTMARK" not in searching.get(url).content.decode(), url
    found = searching.get("/search/", {"q": "EXPERTMARK"}).content.decode()
    assert profile.get_absolute_url() not in found and "김전문" not in found
    for url in ("/", "/knowledge/", "/companies/"):
        assert "EXPERTMARK" not in client.get(url).content.decode(), url


def test_a_deleted_account_cannot_be_deleted_twice(me):
    from django.core.exceptions import ValidationError

    from ppuri.accounts.services import account_delete

    account_delete(user=me, password=PASSWORD)
    with pytest.raises(ValidationError):
        account_delete(user=User.objects.get(pk=me.pk), password=PASSWORD)


# --- the API ------------------------------------------------------------------------------------


def test_me_answers_who_i_am_by_token_and_by_session(me, stranger, token_for):
    by_token = client_for(stranger).get("/api/v1/me", headers=token_for(me))
    # The bearer token decides, whoever's session rides along.
    for response in (by_token, client_for(me).get("/api/v1/me")):
        assert response.status_code == 200
        data = response.json()
        assert data["user"]["id"] == me.pk and data["user"]["username"] == "supplier-admin"
        assert (
            data["user"]["display_name"] == "MYMARK 김세광"
            and data["user"]["email"] == "mymark@sekwang.example"
        )
        assert data["role"] == data["user"]["role"] == "company"
        (membership,) = data["memberships"]
        assert membership == {
            "organization_id": me.memberships.get().organization_id,
            "organization_name": "세광주조(주)",
            "role": "admin",
        }
        assert {c["purpose"] for c in data["consents"]} == {"account", "job_offers"}
        assert all(c["notice_version"] == "2026-01" and c["withdrawn_at"] is None for c in data["consents"])
        assert "OTHERMARK" not in response.content.decode()
    assert records(me, "api_read") == 2


def test_me_data_is_the_json_download(me, token_for):
    api = client_for(me).get("/api/v1/me/data", headers=token_for(me)).json()
    download = json.loads(client_for(me).get("/accounts/my-data/download.json").content)
    assert [s["key"] for s in api["sections"]] == [s["key"] for s in download["sections"]]
    assert api["user_id"] == me.pk
    account = next(s for s in api["sections"] if s["key"] == "account")
    assert {"field": "표시 이름", "value": "MYMARK 김세광"} in account["rows"]


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/me/data"])
def test_me_refuses_anonymous_callers_and_bad_tokens(client, path):
    assert client.get(path).status_code == 401
    response = client.get(path, headers={"Authorization": "Bearer ppuri_not-a-key"})
    assert response.status_code == 401 and "detail" in response.json()


def test_a_deleted_accounts_token_no_longer_works(me, token_for):
    headers = token_for(me)
    client_for(me).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert client_for(me).get("/api/v1/me", headers=headers).status_code == 401


def test_the_page_reads_a_fixed_number_of_queries_however_much_is_held(me):
    from tests.conftest import count_queries
    from tests.factories import MembershipFactory

    client = client_for(me)
    few = count_queries(client, MY_DATA)
    for n in range(6):
        api_token_create(user=me, name=f"token {n}")
        notify(recipients=[me], verb="test.hello", summary=f"안내 {n}")
        MembershipFactory(user=me, role="member")
    assert count_queries(client, MY_DATA) == few


def test_an_expert_leaving_a_running_case_is_unnamed_in_its_records_and_the_operator_is_told(
    operator, buyer, experts, client
):
    from ppuri.challenges import services as desk
    from ppuri.reference.models import Process, Technology

    expert = experts["heat"]
    company = buyer.memberships.get().organization
    challenge = desk.challenge_triage(
        actor=operator,
        challenge=desk.challenge_create(
            actor=buyer, company=company, title="SCM440 샤프트 담금질 균열", description="유냉 후 균열"
        ),
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
    )
    (offer,) = desk.offers_create(actor=operator, challenge=challenge, experts=[expert])
    desk.offer_accept(actor=expert.user, offer=offer)
    assert ActivityLog.objects.filter(summary__contains="김담금").exists()
    assert Notification.objects.filter(summary__contains="김담금").exists()

    response = client_for(expert.user).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not ActivityLog.objects.filter(summary__contains="김담금").exists()
    assert not Notification.objects.filter(summary__contains="김담금").exists()
    assert ActivityLog.objects.filter(summary__contains="익명 전문가가 과제를 맡았습니다").exists()
    assert Notification.objects.filter(recipient=operator, verb="challenges.expert.left").exists()
    page = client_for(buyer).get(challenge.get_absolute_url()).content.decode()
    assert "김담금" not in page


def test_a_membership_entry_of_the_change_log_loses_the_name(operator, supplier, me):
    from django.contrib.contenttypes.models import ContentType

    membership = Membership.objects.get(user=me)
    registry.membership_set(actor=operator, organization=supplier, user=me, role="admin")
    entries = ActivityLog.objects.filter(
        target_type=ContentType.objects.get_for_model(Membership), target_id=str(membership.pk)
    )
    assert entries.filter(summary__contains="MYMARK").exists()
    client_for(me).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert entries.exists() and not entries.filter(summary__contains="MYMARK").exists()
    assert all("MYMARK" not in text for entry in entries for text in entry.summaries.values())


def test_programme_work_is_in_my_data_and_deleting_leaves_it_unnamed(operator, supplier, supplier_admin):
    """A city officer who reported a figure for a partner, logged a visit (owning its follow-up),
    looks after a lead, organised a matchmaking day and registered a participant sees each in my data;
    deleting the account ends the right to report for the partner, and the work stays, naming nobody."""
    from datetime import date

    from ppuri.accounts.models import Role
    from ppuri.programs.models import CommitmentPeriod, Event, FollowUp, Lead, Participant, Partner, Visit
    from ppuri.programs.services import agreements as programme
    from ppuri.programs.services import events_participants as participation
    from ppuri.programs.services import investment, visits
    from tests.factories import UserFactory
    from tests.programs.conftest_events import make_event

    officer = UserFactory(username="progmark", role=Role.CITY, display_name="PROGMARK 이담당")
    agreement = programme.agreement_create(
        actor=officer,
        data=programme.AgreementInput(
            slug="my-data-agreement", title="상담 지원 협약", signed_on=date(2025, 1, 1)
        ),
    )
    partner = programme.partner_add(
        actor=officer,
        agreement=agreement,
        data=programme.PartnerInput(name="PROGMARK기관", editors=["progmark"]),
    )
    commitment = programme.commitment_create(
        actor=officer,
        agreement=agreement,
        data=programme.CommitmentInput(
            partner=partner, code="1", title="기업 상담", indicator="상담 건수", unit="건"
        ),
    )
    period = programme.period_add(
        actor=officer,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2025년", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), target=5
        ),
    )
    programme.period_report(actor=officer, period=period, actual=3, evidence="상담 일지 3건")
    visit = visits.visit_log(
        actor=officer,
        data=visits.VisitInput(organization=supplier, visited_on=date(2026, 11, 2), hiring_need=True,
                               hiring_detail="용접공 2명"),
    )  # fmt: skip
    lead = investment.lead_create(
        actor=officer, data=investment.LeadInput(code_name="PROJECT MYMARK", officer=officer)
    )
    event = make_event(officer)
    participation.participant_register(
        user=officer, event=event, data=participation.ParticipantInput(name="Lumen Capital", kind="investor")
    )

    rows = {
        row.field: row.value
        for section in personal_data.export(officer)
        if section.key == "programs"
        for row in section.rows
    }
    assert rows == {
        "실적 입력 담당 기관": "상담 지원 협약 · PROGMARK기관",
        "입력한 실적": f"{commitment} · 2025년",
        "기업 방문": f"2026-11-02 · {supplier}",
        "맡은 후속 조치": f"{visit.follow_ups.get().title} · 진행 중",
        "담당 투자 유치 대상": "PROJECT MYMARK",
        "주최한 상담회": "2026 뿌리기업 구매상담회 · 2026-10-15",
        "참가 신청한 상담회": "2026 뿌리기업 구매상담회 · Lumen Capital",
    }
    download = json.loads(client_for(officer).get("/accounts/my-data/download.json").content)
    assert "programs" in {section["key"] for section in download["sections"]}
    # The company's admin, whose company was visited, has done no programme work of their own.
    assert "programs" not in {section.key for section in personal_data.export(supplier_admin)}

    page = client_for(officer).get("/accounts/my-data/delete/").content.decode()
    assert "협약 기관의 실적 입력 권한" in page
    response = client_for(officer).post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    officer.refresh_from_db()
    assert str(officer) == "탈퇴한 사용자"
    assert not Partner.objects.filter(editors=officer).exists()
    # The work stays, tied to the anonymised account: the figure, the visit, the follow-up, the lead,
    # the day and the participant.
    assert CommitmentPeriod.objects.get(pk=period.pk).reported_by_id == officer.pk
    assert Visit.objects.get(pk=visit.pk).visitor_id == officer.pk
    assert FollowUp.objects.get(visit=visit).owner_id == officer.pk
    assert Lead.objects.get(pk=lead.pk).officer_id == officer.pk
    assert Event.objects.get(pk=event.pk).organiser_id == officer.pk
    assert Participant.objects.get(event=event).registered_by_id == officer.pk
    # The pages the staff read name nobody.
    staff = client_for(operator)
    for url in (visit.get_absolute_url(), lead.get_absolute_url(), commitment.get_absolute_url()):
        shown = staff.get(url)
        assert shown.status_code == 200, url
        assert "PROGMARK 이담당" not in shown.content.decode() and "progmark" not in shown.content.decode(), (
            url
        )
    assert "탈퇴한 사용자" in staff.get(visit.get_absolute_url()).content.decode()
