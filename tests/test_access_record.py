"""The access record (접속기록, core.access): every read of personal data or confidential content, on
a page, through the API or as a download, makes exactly one record with the reader, the address and
the path; public reads make none; nobody changes or deletes a record (ORM, queryset, admin, the
database itself) except the retention purge, which deletes only what is past the retention."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.core.access import access_record, access_records_purge, client_ip
from ppuri.core.models import AccessRecord, AccessRecordReadOnly, ActivityLog
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.registry.models import Contact, Organization
from ppuri.sourcing import services as sourcing
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.test_settings import run_ppuri

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n...."
CLIENT = "203.0.113.7"


def records():
    return list(
        AccessRecord.objects.order_by("id").values_list("username", "kind", "action", "target_id", "path")
    )


def the_record():
    """The one record a read made (fails if there are none or several)."""
    return AccessRecord.objects.get()


# --- what is recorded ------------------------------------------------------------------------------


@pytest.fixture
def contact(supplier):
    return Contact.objects.create(
        organization=supplier, name="홍길동", title="품질팀장", email="hong@sekwang.kr", phone="010-1234-5678"
    )


def test_a_contact_read_is_recorded_with_the_reader_the_address_and_the_path(contact, supplier_member):
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/"
    response = client_for(supplier_member).get(url, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert response.status_code == 200
    record = the_record()
    assert (record.user, record.username) == (supplier_member, "supplier-member")
    assert (record.kind, record.action, record.target) == ("contact", "view", contact)
    # No proxy configured: a forwarded address is the client's own claim and is ignored.
    assert record.ip_address == CLIENT and record.path == url
    assert timezone.now() - record.created_at < timedelta(minutes=1)


def test_behind_one_proxy_the_address_it_forwarded_is_recorded(settings, contact, supplier_member):
    settings.NINJA_NUM_PROXIES = 1
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/"
    # The client wrote 6.6.6.6 itself; our proxy appended the address it saw.
    client_for(supplier_member).get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert the_record().ip_address == "198.51.100.9"


def test_the_client_address_is_read_as_configured_and_garbage_is_not_stored(settings):
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="198.51.100.9")) == CLIENT
    assert client_ip(factory.get("/", REMOTE_ADDR="not-an-address")) is None
    settings.NINJA_NUM_PROXIES = 1
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")) == (
        "198.51.100.9"
    )
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"  # no header: the peer
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")) is None
    settings.NINJA_NUM_PROXIES = 2
    chain = "6.6.6.6, 198.51.100.9, 10.0.0.3"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=chain)) == "198.51.100.9"


def test_a_refused_contact_read_records_nothing(contact, outsider):
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/"
    assert client_for(outsider).get(url).status_code == 404
    assert not AccessRecord.objects.exists()


def test_an_unknown_kind_or_action_is_refused(contact):
    request = RequestFactory().get("/")
    with pytest.raises(ValueError):
        access_record(request=request, target=contact, kind="everything", action="view")
    with pytest.raises(ValueError):
        access_record(request=request, target=contact, kind="contact", action="peek")
    assert not AccessRecord.objects.exists()


def posted(actor, company, **fields):
    values = {"title": "SCM440 샤프트 담금질 균열", "description": "담금질 후 균열이 생깁니다."}
    values.update(fields)
    return desk.challenge_create(actor=actor, company=company, **values)


def in_progress(operator, challenge, expert):
    """Triaged, offered to `expert`, accepted: the expert may log consultations."""
    desk.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    (offer,) = desk.offers_create(actor=operator, challenge=challenge, experts=[expert])
    desk.offer_accept(actor=expert.user, offer=offer)
    return challenge


def consulted(operator, challenge, expert, *, attachments=()):
    in_progress(operator, challenge, expert)
    return desk.consultation_log(
        actor=expert.user,
        challenge=challenge,
        held_on=timezone.localdate(),
        mode="remote",
        hours=Decimal("1"),
        notes="조직 사진 검토: 냉각 속도가 원인",
        attachments=attachments,
    )


def test_a_confidential_case_read_on_its_page_is_recorded_for_anyone_operators_included(
    supplier_admin, supplier, operator
):
    challenge = posted(supplier_admin, supplier)
    url = f"/challenges/{challenge.pk}/"
    for number, user in enumerate((supplier_admin, operator), 1):
        assert client_for(user).get(url, REMOTE_ADDR=CLIENT).status_code == 200
        assert AccessRecord.objects.count() == number
        record = AccessRecord.objects.latest("id")
        assert (record.user, record.kind, record.action, record.target) == (
            user,
            "challenge",
            "view",
            challenge,
        )
        assert (record.ip_address, record.path) == (CLIENT, url)


def test_a_confidential_case_read_through_the_api_is_recorded_with_the_token_user(
    client, supplier_admin, supplier, token_for
):
    challenge = posted(supplier_admin, supplier)
    url = f"/api/v1/challenges/{challenge.pk}"
    assert client.get(url, headers=token_for(supplier_admin), REMOTE_ADDR=CLIENT).status_code == 200
    record = the_record()
    assert (record.user, record.kind, record.action) == (supplier_admin, "challenge", "api_read")
    assert (record.target, record.ip_address, record.path) == (challenge, CLIENT, url)


def test_a_public_case_read_by_anyone_records_nothing(
    client, supplier_admin, supplier, other_admin, token_for
):
    challenge = posted(supplier_admin, supplier, confidentiality=Challenge.Confidentiality.PUBLIC)
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 200
    assert client_for(other_admin).get(f"/challenges/{challenge.pk}/").status_code == 200
    assert client.get(f"/api/v1/challenges/{challenge.pk}").status_code == 200
    assert client.get(f"/api/v1/challenges/{challenge.pk}", headers=token_for(other_admin)).status_code == 200
    # Its own company, too: a public case without consultations shows nothing confidential.
    assert client_for(supplier_admin).get(f"/challenges/{challenge.pk}/").status_code == 200
    assert not AccessRecord.objects.exists()


def test_consultation_notes_read_on_the_page_and_through_the_api_are_recorded(
    client, supplier_admin, supplier, operator, experts, token_for
):
    challenge = posted(supplier_admin, supplier, confidentiality=Challenge.Confidentiality.PUBLIC)
    consulted(operator, challenge, experts["heat"])
    # A visitor reads the public case, never its notes: nothing to record.
    assert "냉각 속도" not in client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert not AccessRecord.objects.exists()
    page = client_for(supplier_admin).get(f"/challenges/{challenge.pk}/")
    assert "냉각 속도" in page.content.decode()
    record = the_record()
    assert (record.user, record.kind, record.action, record.target) == (
        supplier_admin,
        "consultation",
        "view",
        challenge,
    )
    record_pk = record.pk
    api = client.get(f"/api/v1/challenges/{challenge.pk}", headers=token_for(experts["heat"].user))
    assert api.status_code == 200 and api.json()["consultations"][0]["notes"].startswith("조직")
    record = AccessRecord.objects.exclude(pk=record_pk).get()
    assert (record.user, record.kind, record.action) == (experts["heat"].user, "consultation", "api_read")


def test_a_confidential_case_with_notes_records_each_kind_it_shows(
    supplier_admin, supplier, operator, experts
):
    challenge = posted(supplier_admin, supplier)
    consulted(operator, challenge, experts["heat"])
    client_for(operator).get(f"/challenges/{challenge.pk}/")
    assert sorted(AccessRecord.objects.values_list("kind", flat=True)) == ["challenge", "consultation"]


@pytest.fixture
def buyer_org(buyer):
    return Organization.objects.get(memberships__user=buyer)


@pytest.fixture
def sourcing_request(buyer, buyer_org, supplier):
    """An open request of 청라로보틱스 with a drawing, 세광주조 invited to its one die-casting step."""
    draft = sourcing.request_create(
        actor=buyer,
        buyer=buyer_org,
        title="로봇 암 하우징",
        description="알루미늄 다이캐스팅",
        material=Material.objects.get(slug="aluminum"),
        quantity=500,
        deadline=timezone.localdate() + timedelta(days=30),
        processes=[Process.objects.get(slug="casting.die-casting")],
        attachments=[SimpleUploadedFile("housing.pdf", PDF)],
    )
    opened = sourcing.request_open(actor=buyer, request=draft)
    sourcing.invitation_create(actor=buyer, request=opened, supplier=supplier, steps=list(opened.steps.all()))
    return opened


def quoted(supplier_admin, supplier, request):
    return sourcing.quote_submit(
        actor=supplier_admin,
        request=request,
        supplier=supplier,
        price_krw=1_200_000,
        lead_time_days=20,
        valid_until=timezone.localdate() + timedelta(days=30),
        notes="금형비 별도",
    )


def test_the_buyer_reading_quotes_on_the_page_and_through_the_api_is_recorded(
    client, buyer, supplier_admin, supplier, sourcing_request, token_for
):
    page = f"/sourcing/{sourcing_request.pk}/"
    api = f"/api/v1/sourcing/requests/{sourcing_request.pk}/quotes"
    # No quote yet: nothing confidential shown.
    assert client_for(buyer).get(page).status_code == 200
    assert client.get(api, headers=token_for(buyer)).json() == []
    assert not AccessRecord.objects.exists()
    quoted(supplier_admin, supplier, sourcing_request)
    assert "1,200,000" in client_for(buyer).get(page, REMOTE_ADDR=CLIENT).content.decode()
    assert records() == [("buyer", "quote", "view", str(sourcing_request.pk), page)]
    assert the_record().ip_address == CLIENT
    assert client.get(api, headers=token_for(buyer)).json()[0]["price_krw"] == 1_200_000
    assert records()[1:] == [("buyer", "quote", "api_read", str(sourcing_request.pk), api)]


def test_a_supplier_reading_its_own_quote_records_nothing(
    client, supplier_admin, supplier, sourcing_request, token_for
):
    quoted(supplier_admin, supplier, sourcing_request)
    assert client_for(supplier_admin).get(f"/sourcing/{sourcing_request.pk}/").status_code == 200
    own = client.get(
        f"/api/v1/sourcing/requests/{sourcing_request.pk}/quotes", headers=token_for(supplier_admin)
    )
    assert own.status_code == 200 and len(own.json()) == 1
    assert not AccessRecord.objects.exists()


# --- downloads: one function, one record each -------------------------------------------------------


def assert_download(response, content):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_every_file_download_is_recorded_once_with_safe_headers(
    client, buyer, sourcing_request, supplier_admin, supplier, operator, experts, token_for
):
    attachment = sourcing_request.attachments.get()
    url = f"/sourcing/{sourcing_request.pk}/files/{attachment.pk}/"
    response = client_for(buyer).get(url, REMOTE_ADDR=CLIENT)
    assert_download(response, PDF)
    assert response["Content-Type"] == "application/pdf"
    record = the_record()
    assert (record.user, record.kind, record.action, record.target) == (buyer, "file", "download", attachment)
    assert (record.ip_address, record.path) == (CLIENT, url)

    challenge = posted(supplier_admin, supplier, attachments=[SimpleUploadedFile("도면.pdf", PDF)])
    consultation = consulted(
        operator, challenge, experts["heat"], attachments=[SimpleUploadedFile("조직.png", PNG)]
    )
    drawing, photo = challenge.attachments.get(), consultation.attachments.get()
    downloads = [
        (client_for(supplier_admin), f"/challenges/{challenge.pk}/files/{drawing.pk}/", {}, drawing, PDF),
        (
            client_for(supplier_admin),
            f"/challenges/{challenge.pk}/consultation-files/{photo.pk}/",
            {},
            photo,
            PNG,
        ),
        (
            client,
            f"/api/v1/challenges/{challenge.pk}/attachments/{drawing.pk}",
            token_for(operator),
            drawing,
            PDF,
        ),
    ]
    for reader, url, headers, target, content in downloads:
        before = AccessRecord.objects.count()
        assert_download(reader.get(url, headers=headers), content)
        record = AccessRecord.objects.latest("id")
        assert AccessRecord.objects.count() == before + 1
        assert (record.kind, record.action, record.target, record.path) == ("file", "download", target, url)
    assert AccessRecord.objects.latest("id").user == operator
    # The Korean file name reaches the browser intact.
    response = client_for(supplier_admin).get(f"/challenges/{challenge.pk}/files/{drawing.pk}/")
    assert "filename*=utf-8''%EB%8F%84%EB%A9%B4.pdf" in response["Content-Disposition"]
    # Downloads are access records, not activity.
    assert not ActivityLog.objects.filter(verb__endswith=".viewed").exists()


def test_a_refused_or_missing_download_records_nothing(
    sourcing_request, other_admin, buyer, supplier_admin, supplier
):
    attachment = sourcing_request.attachments.get()
    url = f"/sourcing/{sourcing_request.pk}/files/{attachment.pk}/"
    assert client_for(other_admin).get(url).status_code == 404
    challenge = posted(supplier_admin, supplier, attachments=[SimpleUploadedFile("도면.pdf", PDF)])
    drawing = challenge.attachments.get()
    # The company's own case, but the file is gone from the disk: a 404, not a 500, and no record.
    drawing.file.storage.delete(drawing.file.name)
    assert (
        client_for(supplier_admin).get(f"/challenges/{challenge.pk}/files/{drawing.pk}/").status_code == 404
    )
    assert not AccessRecord.objects.exists()


# --- append-only -----------------------------------------------------------------------------------


def make_record(*, days_ago=0, user=None):
    user = user or UserFactory(username=f"reader{AccessRecord.objects.count()}")
    return AccessRecord.objects.create(
        user=user,
        username=user.username,
        kind="contact",
        action="view",
        target_type=ContentType.objects.get_for_model(user),
        target_id=str(user.pk),
        ip_address=CLIENT,
        path="/companies/1/contacts/1/",
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def stored(record):
    return AccessRecord.objects.filter(pk=record.pk).values("username", "ip_address", "path", "kind").get()


def test_a_record_cannot_be_changed_or_deleted_through_the_orm():
    record = make_record()
    before = stored(record)
    record.ip_address = "192.0.2.1"
    with pytest.raises(AccessRecordReadOnly):
        record.save()
    with pytest.raises(AccessRecordReadOnly):
        record.delete()
    with pytest.raises(AccessRecordReadOnly):
        AccessRecord.objects.filter(pk=record.pk).update(path="/elsewhere/")
    with pytest.raises(AccessRecordReadOnly):
        AccessRecord.objects.all().delete()
    with pytest.raises(AccessRecordReadOnly), transaction.atomic():
        AccessRecord.objects.bulk_update([record], ["ip_address"])
    with pytest.raises(AccessRecordReadOnly):
        AccessRecord._base_manager.filter(pk=record.pk).delete()
    assert stored(record) == before


def test_the_database_refuses_a_change_too():
    record = make_record()
    before = stored(record)
    table = AccessRecord._meta.db_table
    change = f"UPDATE {table} SET path = %s WHERE id = %s"  # noqa: S608 - our table's name
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(change, ["/elsewhere/", record.pk])
    assert stored(record) == before
    if connection.vendor == "postgresql":  # SQLite's flush deletes rows, so only PostgreSQL guards deletes
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [record.pk])  # noqa: S608
        assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_deleting_the_reader_keeps_the_record_and_their_name():
    reader = UserFactory(username="gone-reader")
    record = make_record(user=reader)
    reader.delete()
    kept = AccessRecord.objects.get(pk=record.pk)
    assert kept.user is None and kept.username == "gone-reader" and kept.ip_address == CLIENT


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", role=Role.SEEKER, is_staff=True, is_superuser=True)


def test_the_admin_lists_and_searches_records_but_nobody_adds_changes_or_deletes_one(operator, superuser):
    record = make_record()
    other = make_record()
    other_ip = "198.51.100.20"
    AccessRecord.objects.create(
        username="someone",
        kind="file",
        action="download",
        target_type=other.target_type,
        target_id=other.target_id,
        ip_address=other_ip,
    )
    base = "/admin/core/accessrecord/"
    for user in (operator, superuser):
        admin = client_for(user)
        listing = admin.get(base)
        assert listing.status_code == 200 and record.username in listing.content.decode()
        by_name = admin.get(base, {"q": record.username}).content.decode()
        assert record.username in by_name and "someone" not in by_name
        by_address = admin.get(base, {"q": "198.51.100"}).content.decode()
        assert "someone" in by_address and record.username not in by_address
        by_kind = admin.get(base, {"kind__exact": "file"}).content.decode()
        assert "someone" in by_kind and record.username not in by_kind
        assert admin.get(f"{base}{record.pk}/change/").status_code == 403
        assert admin.post(f"{base}{record.pk}/change/", {"path": "/x/"}).status_code == 403
        assert admin.get(f"{base}{record.pk}/delete/").status_code == 403
        assert admin.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 403
        assert admin.get(f"{base}add/").status_code == 403
        bulk = admin.post(base, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
        assert bulk.status_code in (200, 302)
    assert AccessRecord.objects.count() == 3 and stored(record)["path"] == "/companies/1/contacts/1/"


def test_the_activity_log_cannot_be_deleted_in_the_admin_either(operator, supplier_admin, supplier):
    posted(supplier_admin, supplier)
    entry = ActivityLog.objects.first()
    assert client_for(operator).get(f"/admin/core/activitylog/{entry.pk}/delete/").status_code == 403
    assert ActivityLog.objects.filter(pk=entry.pk).exists()


# --- retention -------------------------------------------------------------------------------------


def test_the_purge_deletes_only_records_past_the_retention(settings):
    assert settings.PPURI_ACCESS_RECORD_RETENTION_DAYS == 730
    old, kept_year, recent = make_record(days_ago=800), make_record(days_ago=700), make_record()
    out = StringIO()
    call_command("purge_access_records", stdout=out)
    assert "1 access records" in out.getvalue()
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == {kept_year.pk, recent.pk}
    assert not AccessRecord.objects.filter(pk=old.pk).exists()
    # A shorter (still lawful) retention lets the purge go further, never into the last year.
    settings.PPURI_ACCESS_RECORD_RETENTION_DAYS = 365
    call_command("purge_access_records", stdout=StringIO())
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_purge_refuses_a_date_inside_the_retention_or_not_a_date():
    old, recent = make_record(days_ago=800), make_record(days_ago=10)
    inside = (timezone.localdate() - timedelta(days=30)).isoformat()
    for wrong in (inside, "yesterday", "2026-13-40"):
        with pytest.raises(CommandError):
            call_command("purge_access_records", "--before", wrong, stdout=StringIO())
    with pytest.raises(ValueError):
        access_records_purge(before=timezone.now())
    assert AccessRecord.objects.count() == 2
    earlier = (timezone.localdate() - timedelta(days=900)).isoformat()
    call_command("purge_access_records", "--before", earlier, stdout=StringIO())
    assert AccessRecord.objects.count() == 2  # the old one is 800 days old: after that date
    assert {old.pk, recent.pk} == set(AccessRecord.objects.values_list("pk", flat=True))


def test_a_retention_under_a_year_is_refused_at_start_up():
    refused = run_ppuri("check", env={"PPURI_ACCESS_RECORD_RETENTION_DAYS": "100"})
    assert refused.returncode != 0
    assert ImproperlyConfigured.__name__ in refused.stderr
    assert "PPURI_ACCESS_RECORD_RETENTION_DAYS must be at least 365" in refused.stderr
    assert run_ppuri("check", env={"PPURI_ACCESS_RECORD_RETENTION_DAYS": "365"}).returncode == 0


# --- the records that used to be activity ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_viewed_activity_into_the_access_record():
    reader = UserFactory(username="early-reader")
    user_type = ContentType.objects.get_for_model(reader)
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0002_notifications")])
    try:
        log = executor.loader.project_state([("core", "0002_notifications")]).apps.get_model(
            "core", "ActivityLog"
        )
        common = {"actor_id": reader.pk, "target_type_id": user_type.pk, "target_id": "7", "summary": "x"}
        log.objects.create(verb="registry.contact.viewed", **common)
        log.objects.create(verb="challenges.file.viewed", data={"file": "도면.pdf"}, **common)
        log.objects.create(verb="registry.contact.updated", **common)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(AccessRecord.objects.values_list("username", "kind", "action", "reason")) == [
        ("early-reader", "contact", "view", "registry.contact.viewed"),
        ("early-reader", "file", "download", "challenges.file.viewed 도면.pdf"),
    ]
    assert list(ActivityLog.objects.values_list("verb", flat=True)) == ["registry.contact.updated"]
