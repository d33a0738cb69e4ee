"""The anonymous page cache (core.page_cache): a kept page is served without a query until a write
commits, never to a signed-in caller, never with another visitor's CSRF token, and never after its data
changed, whatever wrote it. These tests commit (transactional), as the cache acts on commits."""

import json
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from ppuri.core import page_cache
from ppuri.core.access import access_record
from ppuri.core.bulk import insert_rows
from ppuri.core.models import AccessRecord
from ppuri.registry.models import Organization, Site
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_page_cache_on"),
]


@pytest.fixture
def _page_cache_on():
    with override_settings(PPURI_PAGE_CACHE_SECONDS=60):
        yield


@pytest.fixture
def company():
    organization = OrganizationFactory(name="캐시시험주조(주)", products="캐시표식다이캐스팅 부품")
    SiteFactory(organization=organization)
    return organization


def get(client: Client, url: str) -> tuple[int, str, int]:
    """Status, page and the number of queries answering it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response["Content-Type"].startswith("application/json"):
        return response.status_code, json.dumps(response.json(), ensure_ascii=False), len(queries)
    return response.status_code, response.content.decode(), len(queries)


def test_a_kept_page_is_served_without_a_query_until_a_write_commits(company):
    url = f"/companies/{company.pk}/"
    status, page, queries = get(Client(), url)
    assert status == 200 and "캐시시험주조" in page and queries > 0
    status, again, queries = get(Client(), url)
    assert (status, queries) == (200, 0)
    assert "캐시시험주조" in again

    Organization.objects.filter(pk=company.pk).update(name="새이름주조(주)")  # any write, autocommit
    status, page, queries = get(Client(), url)
    assert queries > 0 and "새이름주조" in page and "캐시시험주조" not in page


def test_a_company_made_private_leaves_every_kept_page(company):
    """The leak test: the profile, the directory and the API list were kept while the company was
    public; none of them shows its marker once it is not."""
    urls = [f"/companies/{company.pk}/", "/companies/", "/api/v1/companies"]
    for url in urls:
        assert "캐시시험주조" in get(Client(), url)[1]
        assert get(Client(), url)[2] == 0  # kept
    with transaction.atomic():
        Organization.objects.filter(pk=company.pk).update(is_public=False)
    for url in urls:
        _status, page, _queries = get(Client(), url)
        assert "캐시시험주조" not in page and "캐시표식" not in page, url


def test_a_rolled_back_write_keeps_the_pages_and_a_commit_ends_them(company):
    url = f"/companies/{company.pk}/"
    get(Client(), url)
    with transaction.atomic():
        Organization.objects.filter(pk=company.pk).update(name="되돌린이름(주)")
        assert get(Client(), url)[2] == 0  # not committed yet: what others see has not changed
        transaction.set_rollback(True)
    assert get(Client(), url)[2] == 0
    with transaction.atomic():
        Site.objects.filter(organization=company).update(district="부평구")
    assert get(Client(), url)[2] > 0


def test_a_bulk_insert_ends_the_kept_pages(company):
    """core.bulk writes with COPY on PostgreSQL, past Django's cursor."""
    get(Client(), "/companies/")
    with transaction.atomic():
        insert_rows(
            Organization,
            [
                {
                    "kind": "company",
                    "name": "벌크표식단조(주)",
                    "normalized_name": "벌크표식단조",
                    "is_public": True,
                }
            ],
        )
    _status, page, queries = get(Client(), "/companies/")
    assert queries > 0 and "벌크표식단조" in page


def test_writes_no_anonymous_page_shows_keep_the_pages(company):
    url = f"/companies/{company.pk}/"
    get(Client(), url)
    access_record(
        request=RequestFactory().get(url),
        target=company,
        kind=AccessRecord.Kind.values[0],
        action=AccessRecord.Action.values[0],
    )
    SessionStore().create()
    assert get(Client(), url)[2] == 0


def test_a_signed_in_caller_is_never_served_a_kept_page_nor_kept(company):
    admin = MembershipFactory(organization=company, user__username="cache-admin").user
    url = f"/companies/{company.pk}/"
    get(Client(), url)  # kept for anonymous visitors
    member = Client()
    member.force_login(admin)
    _status, page, queries = get(member, url)
    assert queries > 0 and "cache-admin" in page  # rendered for them: their own menu
    assert "cache-admin" not in get(Client(), url)[1]

    cache.clear()
    member.get(url)
    Client(headers={"Authorization": "Bearer ppuri_not-a-token"}).get("/api/v1/companies")
    assert not kept(url) and not kept("/api/v1/companies")


def test_each_visitor_gets_their_own_csrf_token_on_a_kept_page(company):
    url = f"/companies/{company.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.get(url)
    second = Client(enforce_csrf_checks=True)
    _status, page, queries = get(second, url)
    assert queries == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert token not in get(first, url)[1]
    response = second.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # accepted: the token matches this visitor's cookie


def test_answers_that_say_so_are_not_kept(company):
    assert Client().get("/livez").status_code == 200 and not kept("/livez")  # never_cache
    assert Client().get("/companies/999999/").status_code == 404 and not kept("/companies/999999/")
    assert Client().get(f"/companies/{company.pk}/").status_code == 200 and kept(f"/companies/{company.pk}/")


def test_the_cache_can_be_turned_off(company):
    url = f"/companies/{company.pk}/"
    with override_settings(PPURI_PAGE_CACHE_SECONDS=0):
        get(Client(), url)
        assert get(Client(), url)[2] > 0 and not kept(url)


def kept(url: str) -> bool:
    """Whether an anonymous Korean visitor's page at url is in the cache."""
    with translation.override("ko"):
        return cache.get(page_cache._page_key(RequestFactory().get(url))) is not None
