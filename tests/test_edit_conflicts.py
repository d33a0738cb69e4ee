"""Two editors of one row: the second save is refused with what changed since, keeps what they typed,
and goes through once they save again; the API answers a stale PATCH with a 409 (docs/registry.md)."""

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet

from ppuri.core.concurrency import EditConflict
from ppuri.core.models import ActivityLog
from ppuri.reference.models import Material, Sector
from ppuri.registry import services
from ppuri.registry.models import Contact, Organization, Site
from tests.conftest import client_for

CONFLICT = "다른 사람이 먼저 이 정보를 바꿨습니다"


def loaded(client, url: str) -> dict:
    """What the browser posts back from an edit page it loaded and did not touch."""
    response = client.get(url)
    assert response.status_code == 200
    return posted(response.context["form"])


def posted(form) -> dict:
    data = {}
    for bound in form:
        value = bound.field.prepare_value(bound.value())  # related objects as their ids, as rendered
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple | QuerySet):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None and not bound.field.disabled:
            data[bound.html_name] = str(value)
    return data


def updates(organization) -> int:
    return ActivityLog.objects.filter(scope_id=str(organization.pk), verb__endswith=".updated").count()


# --- pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_profile_save_is_refused_naming_the_field_and_keeps_both_changes(
    supplier, supplier_admin, operator
):
    url = f"/companies/{supplier.pk}/edit/"
    first, second = client_for(supplier_admin), client_for(operator)
    first_form, second_form = loaded(first, url), loaded(second, url)

    assert first.post(url, {**first_form, "products": "알루미늄 저압주조 휠"}).status_code == 302
    response = second.post(url, {**second_form, "products": "마그네슘 다이캐스팅", "phone": "032-811-0000"})

    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page and "생산품" in page
    assert "알루미늄 저압주조 휠" in page  # the other person's value, beside the editor's
    [row] = response.context["conflict"]
    assert (row.label, row.theirs, row.yours) == ("생산품", "알루미늄 저압주조 휠", "마그네슘 다이캐스팅")
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 저압주조 휠" and supplier.phone == ""  # nothing of the second
    assert updates(supplier) == 1
    form = response.context["form"]
    assert form["products"].value() == "마그네슘 다이캐스팅" and form["phone"].value() == "032-811-0000"
    assert form["version"].value() == services.organization_version(supplier)

    again = second.post(url, posted(form))  # a deliberate second save
    assert again.status_code == 302
    supplier.refresh_from_db()
    assert supplier.products == "마그네슘 다이캐스팅" and supplier.phone == "032-811-0000"


@pytest.mark.django_db
def test_fields_only_the_other_person_changed_are_taken_into_the_form_not_reverted(
    supplier, supplier_admin, operator
):
    url = f"/companies/{supplier.pk}/edit/"
    first, second = client_for(supplier_admin), client_for(operator)
    first_form, second_form = loaded(first, url), loaded(second, url)
    automotive = Sector.objects.order_by("order").first()

    first.post(url, {**first_form, "employees": "85", "sectors": [str(automotive.pk)]})
    response = second.post(url, {**second_form, "description": "알루미늄 다이캐스팅 전문"})

    assert response.status_code == 200
    rows = {row.label: row for row in response.context["conflict"]}
    assert set(rows) == {"종업원 수", "수요 산업"}
    assert rows["종업원 수"].theirs == "85" and rows["종업원 수"].yours is None
    assert rows["수요 산업"].theirs == str(automotive)
    form = response.context["form"]
    assert form["employees"].value() == "85" and form["sectors"].value() == [str(automotive.pk)]
    assert form["description"].value() == "알루미늄 다이캐스팅 전문"

    assert second.post(url, posted(form)).status_code == 302
    supplier.refresh_from_db()
    assert supplier.employees == 85 and supplier.description == "알루미늄 다이캐스팅 전문"
    assert list(supplier.sectors.all()) == [automotive]


@pytest.mark.django_db
def test_a_save_that_changes_nothing_leaves_the_other_form_current(supplier, supplier_admin, operator):
    url = f"/companies/{supplier.pk}/edit/"
    first, second = client_for(supplier_admin), client_for(operator)
    first_form, second_form = loaded(first, url), loaded(second, url)
    assert first.post(url, first_form).status_code == 302
    assert second.post(url, {**second_form, "products": "휠"}).status_code == 302
    supplier.refresh_from_db()
    assert supplier.products == "휠"


@pytest.mark.django_db
def test_a_change_made_outside_the_services_also_makes_an_open_form_stale(supplier, supplier_admin):
    url = f"/companies/{supplier.pk}/edit/"
    client = client_for(supplier_admin)
    form = loaded(client, url)
    Organization.objects.filter(pk=supplier.pk).update(phone="032-000-1111")  # an import, a script
    response = client.post(url, {**form, "phone": "032-222-3333"})
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.phone == "032-000-1111"


@pytest.mark.django_db
def test_capability_second_save_is_refused_then_goes_through(supplier, supplier_admin, operator):
    capability = supplier.capabilities.get()
    url = f"/companies/{supplier.pk}/capabilities/{capability.pk}/"
    first, second = client_for(supplier_admin), client_for(operator)
    first_form, second_form = loaded(first, url), loaded(second, url)
    zinc = Material.objects.get(slug="zinc")

    assert first.post(url, {**first_form, "equipment": "다이캐스팅기 800톤"}).status_code == 302
    response = second.post(url, {**second_form, "equipment": "다이캐스팅기 350톤", "materials": [zinc.pk]})

    assert response.status_code == 200 and CONFLICT in response.content.decode()
    [row] = response.context["conflict"]
    assert (row.label, row.theirs, row.yours) == ("보유 설비", "다이캐스팅기 800톤", "다이캐스팅기 350톤")
    capability.refresh_from_db()
    assert capability.equipment == "다이캐스팅기 800톤"
    assert list(capability.materials.values_list("slug", flat=True)) == ["aluminum"]
    assert response.context["form"]["materials"].value() == [str(zinc.pk)]

    assert second.post(url, posted(response.context["form"])).status_code == 302
    capability.refresh_from_db()
    assert capability.equipment == "다이캐스팅기 350톤"
    assert list(capability.materials.values_list("slug", flat=True)) == ["zinc"]


@pytest.mark.django_db
def test_site_form_made_stale_by_another_site_taking_over_as_main(supplier, supplier_admin):
    """site_save moves the main site with a queryset update: the old main site's open form must not
    take it back silently."""
    main = supplier.sites.get()
    client = client_for(supplier_admin)
    url = f"/companies/{supplier.pk}/sites/{main.pk}/"
    form = loaded(client, url)
    assert form["is_primary"] == "on"
    services.site_save(
        actor=supplier_admin, organization=supplier, address="인천 서구 새 공장", is_primary=True
    )

    response = client.post(url, {**form, "address": "인천광역시 남동구 남동대로 1"})

    assert response.status_code == 200
    [row] = response.context["conflict"]
    assert (row.label, row.theirs, row.yours) == ("주 사업장", "아니요", None)
    assert response.context["form"]["is_primary"].value() is False  # theirs, since this editor kept it
    main.refresh_from_db()
    assert main.is_primary is False and main.address != "인천광역시 남동구 남동대로 1"
    assert client.post(url, posted(response.context["form"])).status_code == 302
    main.refresh_from_db()
    assert main.address == "인천광역시 남동구 남동대로 1" and main.is_primary is False
    assert Site.objects.filter(organization=supplier, is_primary=True).count() == 1


@pytest.mark.django_db
def test_contact_second_save_is_refused(supplier, supplier_admin, operator):
    contact = Contact.objects.create(organization=supplier, name="홍길동", email="hong@sekwang.kr")
    url = f"/companies/{supplier.pk}/contacts/{contact.pk}/edit/"
    first, second = client_for(supplier_admin), client_for(operator)
    first_form, second_form = loaded(first, url), loaded(second, url)
    assert first.post(url, {**first_form, "is_public": "on"}).status_code == 302
    response = second.post(url, {**second_form, "title": "품질팀장"})
    assert response.status_code == 200
    [row] = response.context["conflict"]
    assert (row.label, row.theirs, row.yours) == ("로그인 사용자에게 공개", "예", None)
    contact.refresh_from_db()
    assert contact.is_public is True and contact.title == ""
    assert second.post(url, posted(response.context["form"])).status_code == 302
    contact.refresh_from_db()
    assert contact.is_public is True and contact.title == "품질팀장"


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["garbage", "0" * 7, "ABCDEF12" * 13, "'; drop table x; --"])
def test_a_garbled_version_is_a_form_error_and_writes_nothing(supplier, supplier_admin, version):
    url = f"/companies/{supplier.pk}/edit/"
    client = client_for(supplier_admin)
    form = loaded(client, url)
    response = client.post(url, {**form, "products": "바뀌면 안 됨", "version": version})
    assert response.status_code == 200
    assert "버전 정보가 올바르지 않습니다" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 다이캐스팅 자동차 부품" and updates(supplier) == 0


def _on_turn(save):
    """Run a save the way a file database would: SQLite's shared-cache test database answers "locked"
    at once where a file database waits out its busy timeout, so wait here like that timeout."""
    for _attempt in range(200):
        try:
            return save()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.02)
    raise AssertionError("the row stayed locked")


@pytest.mark.django_db(transaction=True)
def test_saves_racing_on_one_row_take_turns_and_the_second_is_refused(supplier, operator):
    """Both saves read the same version. The first writes and keeps its transaction open while the
    second tries; the second must wait for it, then see its change and write nothing (a check made
    before waiting would pass and overwrite the first)."""
    version = services.organization_version(supplier)
    first_has_written = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.organization_update(
                    actor=operator,
                    organization=Organization.objects.get(pk=supplier.pk),
                    products="먼저 저장",
                    expected_version=version,
                )
                first_has_written.set()
                time.sleep(0.5)  # the second save arrives meanwhile
        finally:
            connection.close()

    def second() -> None:
        first_has_written.wait(5)
        try:
            _on_turn(
                lambda: services.organization_update(
                    actor=operator,
                    organization=Organization.objects.get(pk=supplier.pk),
                    products="나중 저장",
                    expected_version=version,
                )
            )
        except EditConflict as exc:
            outcome["changed"] = exc.changed
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome.get("changed") == {"products": "먼저 저장"}
    assert Organization.objects.get(pk=supplier.pk).products == "먼저 저장"


# --- API -------------------------------------------------------------------------------------------


def patch(client, url: str, body: dict, headers: dict):
    return client.patch(url, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_api_detail_carries_the_version_as_etag(client, supplier):
    response = client.get(f"/api/v1/companies/{supplier.pk}")
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert body["version"] == services.organization_version(supplier)
    assert body["capabilities"][0]["version"] == services.capability_version(supplier.capabilities.get())


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["if-match", "body"])
def test_api_stale_patch_is_409_with_what_changed_and_writes_nothing(
    client, supplier, supplier_admin, operator, token_for, how
):
    url = f"/api/v1/companies/{supplier.pk}"
    stale = client.get(url).json()["version"]
    assert patch(client, url, {"products": "휠", "employees": 40}, token_for(operator)).status_code == 200
    logs = updates(supplier)

    headers = token_for(supplier_admin)
    body = {"products": "브래킷"}
    if how == "if-match":
        headers["If-Match"] = f'"{stale}"'
    else:
        body["version"] = stale
    response = patch(client, url, body, headers)

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["changed"] == {"products": "휠", "employees": 40}
    assert body["current_version"] == client.get(url).json()["version"]
    assert CONFLICT in body["detail"]
    supplier.refresh_from_db()
    assert supplier.products == "휠" and updates(supplier) == logs


@pytest.mark.django_db
def test_api_patch_with_the_current_version_or_none_goes_through(client, supplier, supplier_admin, token_for):
    url = f"/api/v1/companies/{supplier.pk}"
    etag = client.get(url)["ETag"]
    current = patch(client, url, {"products": "휠"}, {**token_for(supplier_admin), "If-Match": etag})
    assert current.status_code == 200
    assert current["ETag"] == f'"{current.json()["version"]}"' != etag
    by_body = patch(
        client, url, {"phone": "032-1", "version": current.json()["version"]}, token_for(supplier_admin)
    )
    assert by_body.status_code == 200
    # No version at all: last writer wins, as before versions existed; "*" matches any version.
    assert patch(client, url, {"products": "브래킷"}, token_for(supplier_admin)).status_code == 200
    star = patch(client, url, {"phone": "032-2"}, {**token_for(supplier_admin), "If-Match": "*"})
    assert star.status_code == 200
    supplier.refresh_from_db()
    assert supplier.products == "브래킷" and supplier.phone == "032-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"If-Match": "garbage"}, {}),
        ({"If-Match": 'W/"0123abcd"'}, {}),
        ({"If-Match": '"a", "b"'}, {}),
        ({}, {"version": "not-a-version"}),
        ({}, {"version": 12}),
        ({"If-Match": '"' + "0" * 8 * 13 + '"'}, {"version": "1" * 8 * 13}),
    ],
)
def test_api_garbled_version_is_422_and_writes_nothing(
    client, supplier, supplier_admin, token_for, headers, body
):
    url = f"/api/v1/companies/{supplier.pk}"
    response = patch(
        client, url, {"products": "바뀌면 안 됨", **body}, {**token_for(supplier_admin), **headers}
    )
    assert response.status_code == 422, response.content
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 다이캐스팅 자동차 부품" and updates(supplier) == 0


@pytest.mark.django_db
def test_api_capability_patch_checks_its_version(client, supplier, supplier_admin, operator, token_for):
    capability = supplier.capabilities.get()
    url = f"/api/v1/companies/{supplier.pk}/capabilities/{capability.pk}"
    stale = client.get(f"/api/v1/companies/{supplier.pk}").json()["capabilities"][0]["version"]
    first = patch(client, url, {"equipment": "800톤", "version": stale}, token_for(operator))
    assert first.status_code == 200 and first.json()["version"] != stale
    assert first["ETag"] == f'"{first.json()["version"]}"'

    refused = patch(client, url, {"notes": "야간 가동", "version": stale}, token_for(supplier_admin))
    assert refused.status_code == 409
    assert refused.json()["changed"] == {"equipment": "800톤"}
    capability.refresh_from_db()
    assert capability.notes == ""

    retried = patch(
        client, url, {"notes": "야간 가동"}, {**token_for(supplier_admin), "If-Match": first["ETag"]}
    )
    assert retried.status_code == 200
    capability.refresh_from_db()
    assert capability.equipment == "800톤" and capability.notes == "야간 가동"


@pytest.mark.django_db
def test_api_conflict_lists_sectors_and_materials_by_slug(client, supplier, operator, token_for):
    url = f"/api/v1/companies/{supplier.pk}"
    stale = client.get(url).json()["version"]
    sector = Sector.objects.order_by("order").first()
    patch(client, url, {"sectors": [sector.slug]}, token_for(operator))
    response = patch(client, url, {"products": "휠", "version": stale}, token_for(operator))
    assert response.status_code == 409
    assert response.json()["changed"] == {"sectors": [sector.slug]}
