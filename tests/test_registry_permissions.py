"""Who may see and change what, down to the object. Every refusal also checks nothing changed."""

import pytest

from ppuri.core.models import ActivityLog
from ppuri.reference.models import Process
from ppuri.registry.models import Capability, Organization
from tests.conftest import client_for
from tests.factories import OrganizationFactory


def snapshot(organization: Organization) -> tuple:
    organization.refresh_from_db()
    return (
        organization.name,
        organization.products,
        sorted(organization.capabilities.values_list("process__slug", "equipment")),
        sorted(organization.sites.values_list("address", flat=True)),
    )


# --- web pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_company_admin_edits_own_profile_and_it_is_logged(supplier, supplier_admin):
    client = client_for(supplier_admin)
    response = client.post(
        f"/companies/{supplier.pk}/edit/", {"name": "세광주조(주)", "products": "알루미늄 저압주조 휠"}
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.products == "알루미늄 저압주조 휠"
    log = ActivityLog.objects.get(verb="registry.organization.updated")
    assert log.actor == supplier_admin and "products" in log.data["changes"]
    assert "프로필 수정" in client.get(f"/companies/{supplier.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/companies/{pk}/edit/", "/companies/{pk}/capabilities/new/", "/companies/{pk}/sites/new/"],
)
def test_company_admin_cannot_change_another_company(url, supplier, other_company, other_admin):
    before = snapshot(supplier)
    client = client_for(other_admin)
    assert client.get(url.format(pk=supplier.pk)).status_code == 403
    response = client.post(
        url.format(pk=supplier.pk),
        {"name": "빼앗긴 이름", "process": Process.objects.get(slug="welding.tig").pk, "address": "어딘가"},
    )
    assert response.status_code == 403
    assert snapshot(supplier) == before
    assert not ActivityLog.objects.filter(scope_id=str(supplier.pk)).exists()


@pytest.mark.django_db
def test_company_admin_cannot_edit_or_delete_another_companys_capability(supplier, other_admin):
    capability = supplier.capabilities.get()
    before = snapshot(supplier)
    client = client_for(other_admin)
    edit = client.post(f"/companies/{supplier.pk}/capabilities/{capability.pk}/", {"equipment": "x"})
    delete = client.post(f"/companies/{supplier.pk}/capabilities/{capability.pk}/delete/")
    assert edit.status_code == 403 and delete.status_code == 403
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_capability_cannot_be_reached_through_another_companys_url(supplier, other_company, other_admin):
    """An admin of B who puts A's capability id under B's URL gets a 404, and A's row stays."""
    capability = supplier.capabilities.get()
    client = client_for(other_admin)
    response = client.post(f"/companies/{other_company.pk}/capabilities/{capability.pk}/delete/")
    assert response.status_code == 404
    assert Capability.objects.filter(pk=capability.pk).exists()


@pytest.mark.django_db
def test_member_who_is_not_admin_cannot_edit(supplier, supplier_member):
    before = snapshot(supplier)
    response = client_for(supplier_member).post(f"/companies/{supplier.pk}/edit/", {"name": "바뀐 이름"})
    assert response.status_code == 403
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_and_change_nothing(client, supplier):
    before = snapshot(supplier)
    response = client.post(f"/companies/{supplier.pk}/edit/", {"name": "익명"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_operator_may_edit_any_company(supplier, operator):
    response = client_for(operator).post(
        f"/companies/{supplier.pk}/edit/", {"name": "세광주조(주)", "products": "운영기관 수정"}
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.products == "운영기관 수정"


@pytest.mark.django_db
def test_private_company_is_hidden_from_outsiders_but_not_its_members(outsider, supplier, supplier_member):
    Organization.objects.filter(pk=supplier.pk).update(is_public=False)
    assert client_for(outsider).get(f"/companies/{supplier.pk}/").status_code == 404
    assert client_for(supplier_member).get(f"/companies/{supplier.pk}/").status_code == 200


@pytest.mark.django_db
def test_edit_button_shows_only_to_those_who_may_edit(client, supplier, supplier_admin, other_admin):
    url = f"/companies/{supplier.pk}/"
    assert "프로필 수정" in client_for(supplier_admin).get(url).content.decode()
    assert "프로필 수정" not in client_for(other_admin).get(url).content.decode()
    assert "프로필 수정" not in client.get(url).content.decode()


# --- API ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_write_without_token_is_401_and_changes_nothing(client, supplier):
    before = snapshot(supplier)
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}", {"products": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_api_write_with_a_bad_token_is_401(client, supplier):
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "x"},
        content_type="application/json",
        headers={"Authorization": "Bearer ppuri_not-a-real-key"},
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_api_company_admin_cannot_patch_another_company(client, supplier, other_admin, token_for):
    before = snapshot(supplier)
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "빼앗김"},
        content_type="application/json",
        headers=token_for(other_admin),
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_api_company_admin_cannot_add_or_delete_capabilities_of_another_company(
    client, supplier, other_admin, token_for
):
    before = snapshot(supplier)
    headers = token_for(other_admin)
    added = client.post(
        f"/api/v1/companies/{supplier.pk}/capabilities",
        {"process": "welding.tig"},
        content_type="application/json",
        headers=headers,
    )
    capability = supplier.capabilities.get()
    deleted = client.delete(f"/api/v1/companies/{supplier.pk}/capabilities/{capability.pk}", headers=headers)
    assert added.status_code == 403 and deleted.status_code == 403
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_api_company_admin_writes_own_company_with_token(client, supplier, supplier_admin, token_for):
    headers = token_for(supplier_admin)
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "알루미늄 다이캐스팅 로봇 하우징", "sectors": ["robotics", "automotive"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert sorted(response.json()["sectors"]) == ["automotive", "robotics"]
    added = client.post(
        f"/api/v1/companies/{supplier.pk}/capabilities",
        {"process": "heat-treatment.solution-aging", "materials": ["aluminum"], "max_weight_kg": "25.5"},
        content_type="application/json",
        headers=headers,
    )
    assert added.status_code == 201, added.content
    assert added.json()["process"] == "heat-treatment.solution-aging"
    assert added.json()["source"] == "declared"
    deleted = client.delete(
        f"/api/v1/companies/{supplier.pk}/capabilities/{added.json()['id']}", headers=headers
    )
    assert deleted.status_code == 204
    assert list(supplier.capabilities.values_list("process__slug", flat=True)) == ["casting.die-casting"]
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {
        "registry.organization.updated",
        "registry.capability.created",
        "registry.capability.deleted",
    } <= verbs


@pytest.mark.django_db
def test_api_private_company_is_404_for_anonymous(client):
    hidden = OrganizationFactory(is_public=False)
    assert client.get(f"/api/v1/companies/{hidden.pk}").status_code == 404
