"""The sourcing round through the services: request → open → invite → quote/decline → award, with who
may see and do what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from ppuri.core.models import ActivityLog, Notification
from ppuri.reference.models import Process
from ppuri.registry.models import Organization
from ppuri.sourcing import selectors, services
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + timedelta(days=30)


@pytest.fixture
def buyer_org(buyer):
    return Organization.objects.get(memberships__user=buyer)


@pytest.fixture
def request_open(buyer, buyer_org, supplier, other_company):
    request = services.request_create(
        actor=buyer,
        buyer=buyer_org,
        title="로봇 암 하우징",
        description="알루미늄 다이캐스팅 후 침탄",
        quantity=500,
        deadline=IN_A_MONTH,
        processes=[
            Process.objects.get(slug="casting.die-casting"),
            Process.objects.get(slug="heat-treatment.carburizing"),
        ],
    )
    return services.request_open(actor=buyer, request=request)


def invite(buyer, request, organization, position):
    return services.invitation_create(
        actor=buyer, request=request, supplier=organization, steps=[request.steps.get(position=position)]
    )


def quote(user, request, organization, price=1_000_000):
    return services.quote_submit(
        actor=user,
        request=request,
        supplier=organization,
        price_krw=price,
        lead_time_days=20,
        valid_until=IN_A_MONTH,
    )


def test_processes_are_inferred_and_wait_for_confirmation(buyer, buyer_org):
    request = services.request_create(
        actor=buyer, buyer=buyer_org, title="기어", description="SCM415 기어 침탄 열처리 후 무전해 니켈 도금",
        quantity=100, deadline=IN_A_MONTH,
    )  # fmt: skip
    assert [s.process.slug for s in request.steps.all()] == [
        "heat-treatment.carburizing",
        "surface-treatment.electroless-nickel",
    ]
    assert "침탄" in request.steps.first().source and not request.processes_confirmed
    with pytest.raises(ValidationError):
        services.request_open(actor=buyer, request=request)
    services.request_steps_set(
        actor=buyer, request=request, processes=[s.process for s in request.steps.all()]
    )
    assert services.request_open(actor=buyer, request=request).status == SourcingRequest.Status.OPEN


def test_the_whole_round_notifies_everyone_and_logs_every_step(
    buyer, request_open, supplier, supplier_admin, other_company, other_admin
):
    invite(buyer, request_open, supplier, 1)
    invite(buyer, request_open, other_company, 2)
    assert Notification.objects.filter(recipient=supplier_admin, verb="sourcing.invited").exists()
    assert any("로봇 암 하우징" in m.subject for m in mail.outbox) or Notification.objects.exists()
    first = quote(supplier_admin, request_open, supplier)
    second = quote(other_admin, request_open, other_company, price=400_000)
    assert Notification.objects.filter(recipient=buyer, verb="sourcing.quoted").count() == 2
    services.quote_award(actor=buyer, quote=first)
    request_open.refresh_from_db()
    assert request_open.status == SourcingRequest.Status.OPEN  # step 2 still open
    services.quote_award(actor=buyer, quote=second)
    request_open.refresh_from_db()
    assert request_open.status == SourcingRequest.Status.AWARDED
    assert Notification.objects.filter(recipient=other_admin, verb="sourcing.awarded").exists()
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"sourcing.request.created", "sourcing.request.opened", "sourcing.invited", "sourcing.quoted",
            "sourcing.awarded"} <= verbs  # fmt: skip


def test_emails_go_out_after_the_commit(
    buyer, request_open, supplier, supplier_admin, django_capture_on_commit_callbacks
):
    supplier_admin.email = "admin@sekwang.example"
    supplier_admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(buyer, request_open, supplier, 1)
    assert [m.to for m in mail.outbox] == [["admin@sekwang.example"]]
    assert "로봇 암 하우징" in mail.outbox[0].body and "/sourcing/" in mail.outbox[0].body


def test_without_email_notifies_in_the_app_only(
    buyer, request_open, supplier, supplier_admin, django_capture_on_commit_callbacks
):
    from ppuri.core.notifications import without_email

    supplier_admin.email = "admin@sekwang.example"
    supplier_admin.save()
    with django_capture_on_commit_callbacks(execute=True), without_email():
        invite(buyer, request_open, supplier, 1)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=supplier_admin).exists()


def test_a_supplier_declines_with_a_reason(buyer, request_open, supplier, supplier_admin):
    invitation = invite(buyer, request_open, supplier, 1)
    with pytest.raises(ValidationError):
        services.invitation_decline(actor=supplier_admin, invitation=invitation, reason="  ")
    services.invitation_decline(actor=supplier_admin, invitation=invitation, reason="설비 가동률 포화")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED and invitation.decline_reason == "설비 가동률 포화"


def test_a_supplier_without_the_process_cannot_be_invited(buyer, request_open, other_company):
    with pytest.raises(ValidationError, match="역량"):
        invite(buyer, request_open, other_company, 1)  # a heat treater for the casting step
    assert not Invitation.objects.exists()


def test_an_uninvited_supplier_cannot_see_or_quote_an_invited_only_request(
    request_open, supplier_admin, supplier
):
    with pytest.raises(Http404):
        selectors.request_get_for_user(user=supplier_admin, pk=request_open.pk)
    with pytest.raises(PermissionDenied):
        quote(supplier_admin, request_open, supplier)
    assert not Quote.objects.exists()


def test_an_open_request_is_seen_and_quoted_by_qualified_suppliers_only(
    buyer, request_open, supplier, supplier_admin, outsider
):
    request_open.visibility = SourcingRequest.Visibility.OPEN
    request_open.save()
    assert selectors.request_get_for_user(user=supplier_admin, pk=request_open.pk) == request_open
    assert list(selectors.supplier_inbox(supplier_admin)) == [request_open]
    made = quote(supplier_admin, request_open, supplier)
    assert made.invitation.origin == Invitation.Origin.OPEN
    assert [s.position for s in made.invitation.steps.all()] == [1]  # only the step it fits
    with pytest.raises(Http404):
        selectors.request_get_for_user(user=outsider, pk=request_open.pk)


def test_suppliers_see_their_own_quote_only(
    buyer, request_open, supplier, supplier_admin, other_company, other_admin
):
    invite(buyer, request_open, supplier, 1)
    invite(buyer, request_open, other_company, 2)
    mine = quote(supplier_admin, request_open, supplier)
    quote(other_admin, request_open, other_company)
    assert list(selectors.quotes_visible_to(supplier_admin, request_open)) == [mine]
    assert selectors.quotes_visible_to(buyer, request_open).count() == 2
    with pytest.raises(Http404):
        selectors.quote_get_for_buyer(user=supplier_admin, pk=mine.pk)


def test_a_buyer_cannot_see_or_change_another_buyers_request(request_open, other_admin, supplier_admin):
    for user in (other_admin, supplier_admin):
        with pytest.raises(Http404):
            selectors.request_get_for_user(user=user, pk=request_open.pk)
        with pytest.raises(PermissionDenied):
            services.request_cancel(actor=user, request=request_open)
    request_open.refresh_from_db()
    assert request_open.status == SourcingRequest.Status.OPEN


def test_only_the_buyer_awards_and_never_twice_for_one_step(buyer, request_open, supplier, supplier_admin):
    invite(buyer, request_open, supplier, 1)
    made = quote(supplier_admin, request_open, supplier)
    with pytest.raises(PermissionDenied):
        services.quote_award(actor=supplier_admin, quote=made)
    services.quote_award(actor=buyer, quote=made)
    with pytest.raises(ValidationError):
        services.quote_award(actor=buyer, quote=made)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"price_krw": 0}, "price_krw"), ({"lead_time_days": 0}, "lead_time_days"),
     ({"valid_until": timezone.localdate() - timedelta(days=1)}, "valid_until")],
)  # fmt: skip
def test_bad_quotes_are_refused_and_nothing_is_stored(
    buyer, request_open, supplier, supplier_admin, fields, field
):
    invite(buyer, request_open, supplier, 1)
    values = {"price_krw": 1, "lead_time_days": 1, "valid_until": IN_A_MONTH, **fields}
    with pytest.raises(ValidationError) as error:
        services.quote_submit(actor=supplier_admin, request=request_open, supplier=supplier, **values)
    assert field in error.value.message_dict
    assert not Quote.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.INVITED


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.pdf", b"MZ\x90\x00 not a pdf"),
        ("drawing.exe", b"%PDF-1.7 but the name says exe"),
        ("empty.pdf", b""),
        ("part.step", b"%PDF-1.7 a pdf named step"),
    ],
)
def test_attachments_are_checked_by_content_and_name(buyer, buyer_org, name, content):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=name.split(".")[0]):
        services.request_create(
            actor=buyer, buyer=buyer_org, title="t", quantity=1, deadline=IN_A_MONTH,
            processes=[Process.objects.get(slug="casting.die-casting")], attachments=[upload],
        )  # fmt: skip
    assert not SourcingRequest.objects.exists()


def test_drawings_of_every_accepted_kind_are_kept(buyer, buyer_org):
    uploads = [
        SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."),
        SimpleUploadedFile("b.STEP", b"ISO-10303-21;\nHEADER;"),
        SimpleUploadedFile("c.dxf", b"  0\nSECTION\n  2\nHEADER\n"),
        SimpleUploadedFile("d.png", b"\x89PNG\r\n\x1a\n...."),
    ]
    request = services.request_create(
        actor=buyer, buyer=buyer_org, title="t", quantity=1, deadline=IN_A_MONTH,
        processes=[Process.objects.get(slug="casting.die-casting")], attachments=uploads,
    )  # fmt: skip
    assert sorted(request.attachments.values_list("kind", flat=True)) == ["dxf", "pdf", "png", "step"]


def test_notifications_page_lists_and_marks_read(client, buyer, request_open, supplier, supplier_admin):
    from tests.conftest import client_for

    invite(buyer, request_open, supplier, 1)
    web = client_for(supplier_admin)
    page = web.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in page
    listing = web.get("/notifications/").content.decode()
    assert "로봇 암 하우징" in listing and request_open.get_absolute_url() in listing
    web.post("/notifications/")
    assert Notification.objects.get(recipient=supplier_admin).read_at is not None
    assert client.get("/notifications/").status_code == 302  # anonymous: to the login page


def test_an_open_request_closes_without_an_award(buyer, request_open, supplier, supplier_admin, other_admin):
    invite(buyer, request_open, supplier, 1)
    with pytest.raises(PermissionDenied):
        services.request_close(actor=other_admin, request=request_open)
    services.request_close(actor=buyer, request=request_open)
    request_open.refresh_from_db()
    assert request_open.status == SourcingRequest.Status.CLOSED
    assert Invitation.objects.get().status == Invitation.Status.NOT_AWARDED
    assert Notification.objects.filter(recipient=supplier_admin, verb="sourcing.request.closed").exists()
    with pytest.raises(ValidationError):
        services.request_close(actor=buyer, request=request_open)
