"""The sourcing pages through Django's test client: who may see and do what (every refusal leaves the
database as it was), bad input refused with a message that says why, and what each side is shown."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ppuri.core.models import ActivityLog, Notification
from ppuri.reference.models import Material, Process
from ppuri.registry.models import Organization
from ppuri.sourcing import services
from ppuri.sourcing.models import (
    Invitation,
    Quote,
    QuoteAttachment,
    RequestAttachment,
    RequestStep,
    SourcingRequest,
)
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + timedelta(days=30)
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a directory of the test's own, so a test can see what reached the disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def buyer_org(buyer):
    return Organization.objects.get(memberships__user=buyer)


@pytest.fixture
def aluminum():
    return Material.objects.get(slug="aluminum")


@pytest.fixture
def heat_treater(other_company, aluminum):
    """동진열처리, declaring that it carburizes aluminum parts too, so it qualifies for step 2."""
    other_company.capabilities.get().materials.set([aluminum])
    return other_company


@pytest.fixture
def rival_buyer(db):
    """A buyer of another company, who must learn nothing of 청라로보틱스' requests."""
    return MembershipFactory(organization__name="송도바이오텍", user__username="rival-buyer").user


def make_request(buyer, buyer_org, *, title="로봇 암 하우징", attachments=()):
    return services.request_create(
        actor=buyer,
        buyer=buyer_org,
        title=title,
        description="알루미늄 다이캐스팅 후 침탄 열처리",
        material=Material.objects.get(slug="aluminum"),
        quantity=500,
        deadline=IN_A_MONTH,
        processes=[
            Process.objects.get(slug="casting.die-casting"),
            Process.objects.get(slug="heat-treatment.carburizing"),
        ],
        attachments=attachments,
    )


@pytest.fixture
def draft(buyer, buyer_org, supplier, heat_treater):
    return make_request(buyer, buyer_org, attachments=[SimpleUploadedFile("housing.pdf", PDF)])


@pytest.fixture
def opened(buyer, draft):
    return services.request_open(actor=buyer, request=draft)


def step(request, position):
    return request.steps.get(position=position)


def invite(buyer, request, organization, position):
    return services.invitation_create(
        actor=buyer, request=request, supplier=organization, steps=[step(request, position)]
    )


def submit_quote(user, request, organization, price, notes=""):
    return services.quote_submit(
        actor=user,
        request=request,
        supplier=organization,
        price_krw=price,
        lead_time_days=20,
        valid_until=IN_A_MONTH,
        notes=notes,
    )


def snapshot() -> dict[str, object]:
    """Everything of the round a refused request could have touched."""
    return {
        "requests": list(
            SourcingRequest.objects.order_by("pk").values_list(
                "pk", "status", "processes_confirmed", "opened_at", "closed_at"
            )
        ),
        "steps": list(RequestStep.objects.order_by("pk").values_list("pk", "request", "position", "process")),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "supplier", "status", "decline_reason")
        ),
        "invited_steps": sorted(Invitation.steps.through.objects.values_list("invitation", "requeststep")),
        "quotes": list(
            Quote.objects.order_by("pk").values_list(
                "pk", "price_krw", "lead_time_days", "valid_until", "notes"
            )
        ),
        "attachments": (RequestAttachment.objects.count(), QuoteAttachment.objects.count()),
        "log": ActivityLog.objects.count(),
        "notifications": Notification.objects.count(),
    }


def quote_data(**fields):
    return {"price_krw": 1_200_000, "lead_time_days": 20, "valid_until": IN_A_MONTH.isoformat(), **fields}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, opened, supplier, supplier_admin):
    invite(opened.created_by, opened, supplier, 1)
    made = submit_quote(supplier_admin, opened, supplier, 1_000_000)
    attachment = opened.attachments.get()
    before = snapshot()
    pk = opened.pk
    for url in ["/sourcing/", "/sourcing/new/", f"/sourcing/{pk}/", f"/sourcing/{pk}/files/{attachment.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url
    posts = {
        "steps": {"processes": [Process.objects.get(slug="casting.die-casting").pk]},
        "open": {},
        "cancel": {},
        "invite": {"invite": f"{supplier.pk}:{step(opened, 1).pk}"},
        "quote": quote_data(),
        "decline": {"reason": "바쁨"},
        f"quotes/{made.pk}/award": {},
    }
    for action, data in posts.items():
        response = client.post(f"/sourcing/{pk}/{action}/", data)
        assert response.status_code == 302, action
        assert response.url.startswith("/accounts/login/?next="), action
    assert snapshot() == before


def test_an_uninvited_supplier_cannot_see_download_or_quote_an_invited_only_request(
    buyer, opened, supplier, supplier_admin, heat_treater, other_admin
):
    invite(buyer, opened, heat_treater, 2)
    attachment = opened.attachments.get()
    before = snapshot()
    client = client_for(supplier_admin)  # 세광주조 could cast it, but was not invited
    assert client.get(f"/sourcing/{opened.pk}/").status_code == 404
    assert client.get(f"/sourcing/{opened.pk}/files/{attachment.pk}/").status_code == 404
    assert client.post(f"/sourcing/{opened.pk}/quote/", quote_data()).status_code == 404
    assert client.post(f"/sourcing/{opened.pk}/decline/", {"reason": "바쁨"}).status_code == 404
    assert "로봇 암 하우징" not in client.get("/sourcing/").content.decode()
    assert snapshot() == before
    # The invited heat treater, for contrast, sees the request and downloads the drawing.
    invited = client_for(other_admin)
    assert invited.get(f"/sourcing/{opened.pk}/").status_code == 200
    download = invited.get(f"/sourcing/{opened.pk}/files/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"


def test_another_buyer_gets_404_everywhere_and_nothing_changes(
    buyer, buyer_org, opened, supplier, supplier_admin, heat_treater, rival_buyer
):
    draft = make_request(buyer, buyer_org, title="감속기 케이스")
    invite(buyer, opened, supplier, 1)
    made = submit_quote(supplier_admin, opened, supplier, 1_000_000)
    rival_org = Organization.objects.get(memberships__user=rival_buyer)
    own = make_request(rival_buyer, rival_org, title="바이오 리액터 브래킷")
    services.request_open(actor=rival_buyer, request=own)
    before = snapshot()
    client = client_for(rival_buyer)
    pk = opened.pk
    assert client.get(f"/sourcing/{pk}/").status_code == 404
    assert client.get(f"/sourcing/{draft.pk}/").status_code == 404
    casting = Process.objects.get(slug="casting.die-casting").pk
    refused = [
        (f"/sourcing/{draft.pk}/open/", {}),
        (f"/sourcing/{draft.pk}/steps/", {"processes": [casting]}),
        (f"/sourcing/{draft.pk}/cancel/", {}),
        (f"/sourcing/{pk}/cancel/", {}),
        (f"/sourcing/{pk}/invite/", {"invite": f"{heat_treater.pk}:{step(opened, 2).pk}"}),
        (f"/sourcing/{pk}/quotes/{made.pk}/award/", {}),
        # Its own request's URL with the other buyer's quote does not reach the quote either.
        (f"/sourcing/{own.pk}/quotes/{made.pk}/award/", {}),
    ]
    for url, data in refused:
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before
    listing = client.get("/sourcing/").content.decode()
    assert "로봇 암 하우징" not in listing and "감속기 케이스" not in listing
    assert "바이오 리액터 브래킷" in listing


def test_a_supplier_cannot_award_its_own_quote_or_run_the_buyers_request(
    buyer, opened, supplier, supplier_admin, heat_treater
):
    invite(buyer, opened, supplier, 1)
    made = submit_quote(supplier_admin, opened, supplier, 1_000_000)
    before = snapshot()
    client = client_for(supplier_admin)
    assert client.post(f"/sourcing/{opened.pk}/quotes/{made.pk}/award/").status_code == 404
    # It may see the request (it was invited), so these are refused, not hidden.
    assert client.post(f"/sourcing/{opened.pk}/cancel/").status_code == 403
    invited = {"invite": f"{heat_treater.pk}:{step(opened, 2).pk}"}
    assert client.post(f"/sourcing/{opened.pk}/invite/", invited).status_code == 403
    assert snapshot() == before
    made.invitation.refresh_from_db()
    assert made.invitation.status == Invitation.Status.QUOTED


def test_inviting_a_supplier_without_the_process_shows_why_and_invites_nobody(
    buyer, opened, supplier, heat_treater
):
    client = client_for(buyer)
    casting = step(opened, 1)
    response = client.post(
        f"/sourcing/{opened.pk}/invite/", {"invite": f"{heat_treater.pk}:{casting.pk}"}, follow=True
    )
    assert response.status_code == 200
    assert messages_of(response) == ["동진열처리은(는) 다이캐스팅 역량을 등록하지 않았습니다."]
    assert "다이캐스팅 역량을 등록하지 않았습니다" in response.content.decode()
    assert not Invitation.objects.exists()
    # A chain with one wrong pick invites nobody, not the suppliers listed before it.
    response = client.post(
        f"/sourcing/{opened.pk}/invite/",
        {"invite": [f"{supplier.pk}:{casting.pk}", f"{heat_treater.pk}:{casting.pk}"]},
        follow=True,
    )
    assert "역량을 등록하지 않았습니다" in " ".join(messages_of(response))
    assert not Invitation.objects.exists()
    assert not Notification.objects.filter(verb="sourcing.invited").exists()


@pytest.mark.parametrize(
    ("fields", "files", "field", "error"),
    [
        ({"price_krw": 0}, [], "price_krw", "1 이상이어야"),
        ({"lead_time_days": 0}, [], "lead_time_days", "1 이상이어야"),
        (
            {"valid_until": (timezone.localdate() - timedelta(days=1)).isoformat()},
            [],
            "valid_until",
            "유효 기한이 이미 지났습니다",  # the service's refusal, at the field it names
        ),
        ({}, [("tool.exe", PDF)], "attachments", "tool.exe: PDF, STEP, DXF, PNG, JPEG"),
        (
            {},
            [("drawing.pdf", b"MZ\x90\x00\x03 a program, not a drawing")],
            "attachments",
            "drawing.pdf: PDF, STEP, DXF",
        ),
        ({}, [("good.pdf", PDF), ("bad.exe", b"MZ\x90\x00")], "attachments", "bad.exe"),
    ],
    ids=["price-0", "lead-time-0", "validity-past", "exe", "fake-pdf", "good-and-bad-file"],
)
def test_bad_quotes_are_refused_at_their_field_keeping_what_was_typed_and_nothing_is_stored(
    buyer, opened, supplier, supplier_admin, _media, fields, files, field, error
):
    invite(buyer, opened, supplier, 1)
    before = snapshot()
    data = quote_data(notes="금형비 별도, T6 열처리 포함", **fields)
    if files:
        data["attachments"] = [SimpleUploadedFile(name, content) for name, content in files]
    response = client_for(supplier_admin).post(f"/sourcing/{opened.pk}/quote/", data)
    # The request's page again (not a redirect), with the quote form as it was posted.
    assert response.status_code == 200
    form = response.context["quote_form"]
    assert form.is_bound and list(form.errors) == [field]
    assert any(error in e for e in form.errors[field]), form.errors
    html = response.content.decode()
    assert error in html
    assert "금형비 별도, T6 열처리 포함</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert snapshot() == before
    assert Invitation.objects.get().status == Invitation.Status.INVITED
    assert not (_media / "sourcing" / "quotes").exists() or not any(
        (_media / "sourcing" / "quotes").rglob("*.*")
    )


def test_a_good_quote_with_a_drawing_is_stored(buyer, opened, supplier, supplier_admin):
    invite(buyer, opened, supplier, 1)
    data = quote_data(notes="T6 열처리 별도", attachments=[SimpleUploadedFile("quote.pdf", PDF)])
    response = client_for(supplier_admin).post(f"/sourcing/{opened.pk}/quote/", data, follow=True)
    assert messages_of(response) == ["견적을 보냈습니다."]
    made = Quote.objects.get()
    assert (made.price_krw, made.lead_time_days, made.valid_until, made.notes) == (
        1_200_000, 20, IN_A_MONTH, "T6 열처리 별도",
    )  # fmt: skip
    assert made.invitation.status == Invitation.Status.QUOTED
    assert [(a.name, a.kind) for a in made.attachments.all()] == [("quote.pdf", "pdf")]


def test_the_buyer_sees_candidates_per_step_and_the_chain_on_a_map(buyer, opened, supplier, heat_treater):
    response = client_for(buyer).get(f"/sourcing/{opened.pk}/")
    assert response.status_code == 200
    candidates = {
        step.position: [c.organization_id for c in found] for step, found in response.context["candidates"]
    }
    assert candidates == {1: [supplier.pk], 2: [heat_treater.pk]}
    chain, _map, invites = response.context["chains"][0]
    assert [s.candidate.name for s in chain.steps] == ["세광주조(주)", "동진열처리"]
    assert invites == [f"{supplier.pk}:{step(opened, 1).pk}", f"{heat_treater.pk}:{step(opened, 2).pk}"]
    html = response.content.decode()
    assert 'data-testid="candidates-1"' in html and 'data-testid="candidates-2"' in html
    assert '<svg class="chain-map"' in html and "<polyline" in html
    assert "1. 세광주조(주)" in html and "2. 동진열처리" in html  # the numbered pins
    assert 'data-testid="invite-chain-1"' in html
    for value in invites:
        assert f'name="invite" value="{value}"' in html


def test_a_supplier_never_sees_another_suppliers_quote(
    buyer, opened, supplier, supplier_admin, heat_treater, other_admin
):
    invite(buyer, opened, supplier, 1)
    invite(buyer, opened, heat_treater, 2)
    submit_quote(supplier_admin, opened, supplier, 1_234_000, notes="금형비 포함")
    submit_quote(other_admin, opened, heat_treater, 987_000, notes="침탄 깊이 0.8mm 보증")
    page = client_for(supplier_admin).get(f"/sourcing/{opened.pk}/")
    html = page.content.decode()
    assert "1,234,000" in html
    assert "987,000" not in html and "987000" not in html
    assert "침탄 깊이 0.8mm 보증" not in html and "동진열처리" not in html
    assert [q.price_krw for q in page.context["quotes"]] == [1_234_000]
    assert "987,000" not in client_for(supplier_admin).get("/sourcing/").content.decode()
    # The buyer compares both.
    html = client_for(buyer).get(f"/sourcing/{opened.pk}/").content.decode()
    assert "1,234,000" in html and "987,000" in html


def test_confirming_inferred_steps_keeps_the_order_of_work(buyer):
    """A description names heat treatment before plating; the confirmation form must post them in
    that order, not in the catalogue's (where surface treatment comes first)."""
    client = client_for(buyer)
    response = client.post(
        "/sourcing/new/",
        {
            "title": "감속기 기어",
            "description": "SCM415 기어 침탄 열처리 후 무전해 니켈 도금",
            "quantity": 100,
            "deadline": IN_A_MONTH.isoformat(),
            "visibility": SourcingRequest.Visibility.INVITED,
        },
    )
    created = SourcingRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/sourcing/{created.pk}/"
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    nickel = Process.objects.get(slug="surface-treatment.electroless-nickel")
    assert [s.process for s in created.steps.all()] == [carburizing, nickel]
    assert not created.processes_confirmed
    html = client.get(created.get_absolute_url()).content.decode()
    form = html[html.index('data-testid="steps-form"') :]
    first = form.index(f'value="{carburizing.pk}" selected')
    second = form.index(f'value="{nickel.pk}" selected')
    assert form.index('id="id_processes"') < first < form.index('id="id_processes_2"') < second
    # What the browser posts back: the selects in their order, the spare ones empty.
    confirmed = client.post(
        f"/sourcing/{created.pk}/steps/", {"processes": [carburizing.pk, nickel.pk, "", ""]}, follow=True
    )
    assert messages_of(confirmed) == ["공정을 확정했습니다."]
    created.refresh_from_db()
    assert created.processes_confirmed
    assert [s.process for s in created.steps.all()] == [carburizing, nickel]


def test_a_new_request_with_a_bad_drawing_is_refused_and_stores_nothing(buyer, _media):
    response = client_for(buyer).post(
        "/sourcing/new/",
        {
            "title": "로봇 암 하우징",
            "quantity": 500,
            "deadline": IN_A_MONTH.isoformat(),
            "visibility": SourcingRequest.Visibility.INVITED,
            "processes": [Process.objects.get(slug="casting.die-casting").pk, ""],
            "attachments": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", b"MZ\x90\x00")],
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "b.pdf: PDF, STEP, DXF, PNG, JPEG" in response.content.decode()
    assert not SourcingRequest.objects.exists() and not RequestAttachment.objects.exists()
    assert not (_media / "sourcing").exists() or not any((_media / "sourcing").rglob("*.*"))


# --- nothing typed is lost; binding and destructive steps are confirmed ----------------------------


def test_steps_left_empty_come_back_with_the_error_at_the_steps(buyer, draft):
    before = snapshot()
    response = client_for(buyer).post(f"/sourcing/{draft.pk}/steps/", {"processes": ["", "", ""]})
    assert response.status_code == 200
    form = response.context["steps_form"]
    assert form.errors == {"processes": ["공정을 하나 이상 고르세요."]}
    html = response.content.decode()
    steps_form = html[html.index('data-testid="steps-form"') :]
    assert "공정을 하나 이상 고르세요." in steps_form and 'aria-invalid="true"' in steps_form
    assert snapshot() == before


def test_steps_posted_after_the_request_was_opened_say_why_above_the_page(buyer, opened):
    before = snapshot()
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    response = client_for(buyer).post(f"/sourcing/{opened.pk}/steps/", {"processes": [carburizing.pk]})
    assert response.status_code == 200
    assert "steps_form" not in response.context  # an open request's steps are not edited any more
    shown = messages_of(response)
    assert len(shown) == 1 and shown[0] in response.content.decode()
    assert snapshot() == before


def test_a_refused_decline_keeps_the_reason_typed(buyer, opened, supplier, supplier_admin):
    invite(buyer, opened, supplier, 1)
    before = snapshot()
    client = client_for(supplier_admin)
    too_long = "설비 가동률 포화로 이번 분기 추가 수주가 어렵습니다. " * 12
    response = client.post(f"/sourcing/{opened.pk}/decline/", {"reason": too_long})
    assert response.status_code == 200
    assert list(response.context["decline_form"].errors) == ["reason"]
    assert f'value="{too_long}"' in response.content.decode()
    empty = client.post(f"/sourcing/{opened.pk}/decline/", {"reason": ""})
    assert empty.status_code == 200 and list(empty.context["decline_form"].errors) == ["reason"]
    assert snapshot() == before
    done = client.post(f"/sourcing/{opened.pk}/decline/", {"reason": "설비 가동률 포화"})
    assert done.status_code == 302
    assert Invitation.objects.get().decline_reason == "설비 가동률 포화"


def test_awarding_asks_on_a_page_of_its_own_and_only_its_button_awards(
    buyer, opened, supplier, supplier_admin, heat_treater, other_admin
):
    invite(buyer, opened, supplier, 1)
    made = submit_quote(supplier_admin, opened, supplier, 12_000_000)
    url = f"/sourcing/{opened.pk}/quotes/{made.pk}/award/"
    page = client_for(buyer).get(f"/sourcing/{opened.pk}/").content.decode()
    assert f'href="{url}" data-testid="award-{supplier.pk}"' in page  # a link to the question
    before = snapshot()
    confirm = client_for(buyer).get(url)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "세광주조(주)" in html and "12,000,000" in html and "되돌릴 수 없습니다" in html
    assert 'data-testid="award-confirm"' in html
    assert snapshot() == before  # asking awards nothing
    # Nobody but the buyer reads the question (it shows the price).
    for outsider in (supplier_admin, other_admin):
        assert client_for(outsider).get(url).status_code == 404
    response = client_for(buyer).post(url)
    assert response.status_code == 302
    assert Invitation.objects.get().status == Invitation.Status.AWARDED


def test_destructive_buttons_ask_first(buyer, opened, supplier, supplier_admin):
    invite(buyer, opened, supplier, 1)
    buyer_page = client_for(buyer).get(f"/sourcing/{opened.pk}/").content.decode()
    for testid in ("close-request", "cancel-request"):
        button = buyer_page[buyer_page.index(f'data-testid="{testid}"') :].split(">", 1)[0]
        assert "data-confirm=" in button, testid
    supplier_page = client_for(supplier_admin).get(f"/sourcing/{opened.pk}/").content.decode()
    decline = supplier_page[supplier_page.index('data-testid="decline-form"') :]
    assert "data-confirm=" in decline[: decline.index("</form>")]
