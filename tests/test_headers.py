"""What no one but the visitor may keep or see: signed-in responses are `Cache-Control: private,
no-store`, and Django's technical error pages (every URL pattern, a traceback, the settings) are never
shown, even with DEBUG on as in `ppuri demo`."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from ppuri import urls as ppuri_urls
from ppuri.challenges import services as challenge_services
from ppuri.registry.models import Contact, Organization
from tests.conftest import PASSWORD, client_for
from tests.sourcing.test_views import make_request

pytestmark = pytest.mark.django_db


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the database password is hunter2")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a tampered signature")


boom_api = NinjaAPI(urls_namespace="test-boom-api")


@boom_api.get("/boom")
def api_boom(request: HttpRequest) -> None:
    raise RuntimeError("the database password is hunter2")


# The URLconf of the tests marked `urls(__name__)`: Ppuri's own and three views that fail.
urlpatterns = [
    path("test-boom/", boom),
    path("test-suspicious/", suspicious),
    path("api/test-boom/", boom_api.urls),
    *ppuri_urls.urlpatterns,
]


def directives(response) -> set[str]:
    return {d.strip().lower() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def assert_private(response) -> None:
    assert {"private", "no-store"} <= directives(response), (response.status_code, response.headers)


@pytest.fixture
def challenge(supplier_admin, supplier):
    return challenge_services.challenge_create(
        actor=supplier_admin, company=supplier, title="SCM440 샤프트 담금질 균열", description="유냉 후 균열"
    )


# Cache-Control


def test_confidential_pages_and_api_answers_are_private_no_store(
    client, challenge, supplier_admin, supplier, buyer, token_for
):
    session = client_for(supplier_admin)
    page = session.get(f"/challenges/{challenge.pk}/")
    assert page.status_code == 200 and "SCM440" in page.content.decode()
    assert_private(page)

    by_token = client.get(f"/api/v1/challenges/{challenge.pk}", headers=token_for(supplier_admin))
    assert by_token.status_code == 200 and by_token.json()["title"] == challenge.title
    assert_private(by_token)
    by_session = session.get(f"/api/v1/challenges/{challenge.pk}")
    assert by_session.status_code == 200
    assert_private(by_session)

    sourcing = make_request(buyer, Organization.objects.get(memberships__user=buyer))
    request_page = client_for(buyer).get(f"/sourcing/{sourcing.pk}/")
    assert request_page.status_code == 200 and "로봇 암 하우징" in request_page.content.decode()
    assert_private(request_page)


def test_a_members_company_page_and_a_contact_page_are_not_stored(supplier, supplier_member):
    contact = Contact.objects.create(organization=supplier, name="홍길동", phone="010-1234-5678")
    member = client_for(supplier_member)
    company = member.get(f"/companies/{supplier.pk}/")
    assert company.status_code == 200
    assert_private(company)
    # The contact page sets its own `no-store` (no cache at all may keep it); the middleware leaves it.
    shown = member.get(f"/companies/{supplier.pk}/contacts/{contact.pk}/")
    assert shown.status_code == 200 and "010-1234-5678" in shown.content.decode()
    assert "no-store" in directives(shown)


def test_any_bearer_call_is_private_even_to_a_public_endpoint(client, supplier_admin, token_for):
    answer = client.get("/api/v1/challenges", headers=token_for(supplier_admin))
    assert answer.status_code == 200
    assert_private(answer)
    # An unchecked header too: the middleware cannot tell a good token from a bad one, ninja can.
    assert_private(client.get("/api/v1/challenges", headers={"Authorization": "Bearer not-a-token"}))


def test_signing_in_and_out_are_private(client, supplier_admin):
    signed_in = client.post("/accounts/login/", {"username": "supplier-admin", "password": PASSWORD})
    assert signed_in.status_code == 302 and "sessionid" in signed_in.cookies
    assert_private(signed_in)
    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302
    assert_private(signed_out)


def test_anonymous_public_pages_stay_cacheable_and_vary_on_cookie_and_authorization(client, supplier):
    first = client.get(f"/companies/{supplier.pk}/")
    # The first answer hands this browser its own CSRF cookie: that is not for a shared cache either.
    assert "csrftoken" in first.cookies
    assert_private(first)
    again = client.get(f"/companies/{supplier.pk}/")
    assert again.status_code == 200 and "sessionid" not in client.cookies
    assert "Cache-Control" not in again
    vary = {v.strip().lower() for v in again["Vary"].split(",")}
    assert {"cookie", "authorization"} <= vary
    api = Client().get("/api/v1/challenges")
    assert api.status_code == 200 and "Cache-Control" not in api


def test_static_files_keep_their_own_caching_for_signed_in_visitors(supplier_admin):
    css = client_for(supplier_admin).get("/static/ppuri/app.css")
    assert css.status_code == 200
    assert "public" in directives(css) and "no-store" not in directives(css)


# Error pages with DEBUG on (as in `ppuri demo`)

# What Django's technical 404 page shows: the URLconf and its patterns (the nav's own links aside).
URL_LISTING = ("URLconf", "ppuri.urls", "healthz", "admin/", "&lt;int:pk&gt;", "DEBUG")


def test_the_url_listing_markers_are_those_of_djangos_technical_page(rf):
    """The control for the tests below: Django's own page carries every marker they look for."""
    from django.urls import Resolver404, get_resolver
    from django.views.debug import technical_404_response

    try:
        get_resolver().resolve("/no-such-page/")
    except Resolver404 as missing:
        body = technical_404_response(rf.get("/no-such-page/"), missing).content.decode()
    assert all(word in body for word in URL_LISTING)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_an_unknown_url_gets_the_plain_404_page_without_the_url_patterns(debug, client, supplier_admin):
    for visitor in (client, client_for(supplier_admin)):
        response = visitor.get("/no-such-page/")
        body = response.content.decode()
        assert response.status_code == 404
        assert "찾을 수 없습니다" in body
        assert not [word for word in URL_LISTING if word in body]
    assert_private(response)  # the page shows who is signed in


def test_a_views_404_gets_the_plain_page_too(debug, client):
    response = client.get("/companies/999999/")
    body = response.content.decode()
    assert response.status_code == 404 and "찾을 수 없습니다" in body
    assert not [word for word in URL_LISTING if word in body]


def test_unknown_api_urls_and_missing_slashes_keep_their_answers(debug, client, supplier):
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json() == {"detail": "찾을 수 없습니다."}
    english = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert english.status_code == 404 and english.json() == {"detail": "Not found."}
    assert client.get(f"/companies/{supplier.pk}").status_code == 301


@pytest.mark.urls(__name__)
def test_a_view_that_raises_gets_the_plain_500_page_without_traceback_or_settings(debug):
    response = Client(raise_request_exception=False).get("/test-boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다" in body
    for secret in ("hunter2", "Traceback", "RuntimeError", "SECRET_KEY", "DATABASES", "DEBUG"):
        assert secret not in body
    plain = Client(raise_request_exception=False).get("/test-boom/", headers={"Accept": "text/plain"})
    assert plain.status_code == 500 and plain.content.decode() == "Server Error (500)"


@pytest.mark.urls(__name__)
def test_a_bad_request_gets_the_plain_400_page(debug):
    client = Client(raise_request_exception=False)
    suspicious = client.get("/test-suspicious/")
    assert suspicious.status_code == 400 and "잘못된 요청입니다" in suspicious.content.decode()
    assert "tampered" not in suspicious.content.decode()
    # A host not in ALLOWED_HOSTS: the technical page would print the setting and the request headers.
    stranger = client.get("/", headers={"Host": "evil.example"})
    body = stranger.content.decode()
    assert stranger.status_code == 400 and "잘못된 요청입니다" in body
    assert "ALLOWED_HOSTS" not in body and "evil.example" not in body


@pytest.mark.urls(__name__)
def test_an_api_endpoint_that_raises_answers_json_without_the_traceback(debug):
    response = Client(raise_request_exception=False).get("/api/test-boom/boom")
    assert response.status_code == 500
    # With the request's id, to quote when reporting it (the same as the response header).
    assert response.json() == {
        "detail": "서버 오류로 요청을 처리하지 못했습니다.",
        "request_id": response["X-Request-ID"],
    }
    assert "hunter2" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_without_debug_django_renders_the_same_pages(client):
    assert "찾을 수 없습니다" in client.get("/no-such-page/").content.decode()
    response = Client(raise_request_exception=False).get("/test-boom/")
    assert response.status_code == 500 and "일시적인 오류가 발생했습니다" in response.content.decode()
