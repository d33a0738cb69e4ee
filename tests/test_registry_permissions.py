"""Who may see and change what, down to the object. Every refusal also checks nothing changed."""

import pytest

from ppuri.core.models import AccessRecord, ActivityLog
from ppuri.reference.models import Material, Process
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
    assert response.json() == {"detail": "인증이 필요합니다."}
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


# --- contacts: personal data ------------------------------------------------------------------------


@pytest.fixture
def contact(supplier):
    from ppuri.registry.models import Contact

    return Contact.objects.create(
        organization=supplier, name="홍길동", title="품질팀장", email="hong@sekwang.kr", phone="010-1234-5678"
    )


@pytest.mark.django_db
def test_contacts_are_masked_on_the_profile_and_hidden_from_strangers(
    client, contact, supplier_member, outsider
):
    url = f"/companies/{contact.organization_id}/"
    member_html = client_for(supplier_member).get(url).content.decode()
    assert "홍*동" in member_html and "010-****-5678" in member_html and "h***@sekwang.kr" in member_html
    assert "홍길동" not in member_html and "010-1234-5678" not in member_html
    assert "홍*동" not in client.get(url).content.decode()
    assert "홍*동" not in client_for(outsider).get(url).content.decode()  # not public


@pytest.mark.django_db
def test_opening_a_contact_shows_it_and_records_the_access(contact, supplier_member, outsider):
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/"
    assert client_for(outsider).get(url).status_code == 404
    assert not AccessRecord.objects.exists()
    activity_before = ActivityLog.objects.count()
    response = client_for(supplier_member).get(url)
    assert response.status_code == 200 and "010-1234-5678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    record = AccessRecord.objects.get()
    assert record.user == supplier_member and record.kind == "contact" and record.action == "view"
    assert record.target_id == str(contact.pk)
    # The access record (core.access) is not activity: nothing reaches the change log.
    assert ActivityLog.objects.count() == activity_before


@pytest.mark.django_db
def test_public_contact_is_visible_to_signed_in_users_only(client, contact, outsider):
    contact.is_public = True
    contact.save()
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/"
    assert client_for(outsider).get(url).status_code == 200
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.django_db
def test_contact_edit_rejects_bad_input_and_other_companies(contact, supplier_admin, other_admin):
    url = f"/companies/{contact.organization_id}/contacts/{contact.pk}/edit/"
    assert client_for(other_admin).post(url, {"name": "x"}).status_code == 403
    response = client_for(supplier_admin).post(url, {"name": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors and "name" in response.context["form"].errors
    contact.refresh_from_db()
    assert contact.name == "홍길동" and contact.email == "hong@sekwang.kr"
    ok = client_for(supplier_admin).post(url, {"name": "홍길동", "email": "qa@sekwang.kr", "phone": ""})
    assert ok.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "qa@sekwang.kr"
    log = ActivityLog.objects.get(verb="registry.contact.updated")
    assert "qa@sekwang.kr" not in str(log.data)  # the log names fields, not personal values


# --- web forms: bad input ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_capability_form_rejects_bad_input_and_writes_nothing(supplier, supplier_admin):
    client = client_for(supplier_admin)
    before = snapshot(supplier)
    tig = Process.objects.get(slug="welding.tig").pk
    response = client.post(
        f"/companies/{supplier.pk}/capabilities/new/",
        {"process": tig, "max_weight_kg": "-3", "max_length_mm": "abc", "batch_band": "gigantic"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"max_weight_kg", "max_length_mm", "batch_band"} <= errors.keys()
    duplicate = client.post(
        f"/companies/{supplier.pk}/capabilities/new/",
        {"process": Process.objects.get(slug="casting.die-casting").pk},
    )
    assert duplicate.status_code == 200
    assert "이미 등록되어" in duplicate.content.decode()
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_profile_form_rejects_bad_input_and_writes_nothing(supplier, supplier_admin):
    before = snapshot(supplier)
    response = client_for(supplier_admin).post(
        f"/companies/{supplier.pk}/edit/", {"name": "", "ksic_main": "12", "employees": "-1", "website": "x"}
    )
    assert response.status_code == 200
    assert {"name", "ksic_main", "employees", "website"} <= response.context["form"].errors.keys()
    assert snapshot(supplier) == before


@pytest.mark.django_db
def test_site_form_rejects_a_factory_number_already_used(supplier, other_company, other_admin):
    taken = supplier.sites.get().factory_number
    response = client_for(other_admin).post(
        f"/companies/{other_company.pk}/sites/new/",
        {"address": "인천광역시 남동구 고잔로 1", "factory_number": taken},
    )
    assert response.status_code == 200
    assert "factory_number" in response.context["form"].errors
    assert other_company.sites.count() == 1


@pytest.mark.django_db
def test_operator_verifies_capabilities_in_the_admin(supplier, operator):
    capability = supplier.capabilities.get()
    response = client_for(operator).post(
        "/admin/registry/capability/",
        {"action": "verify", "_selected_action": [capability.pk]},
    )
    assert response.status_code == 302
    capability.refresh_from_db()
    assert capability.source == Capability.Source.VERIFIED and capability.verified_by == operator
    assert ActivityLog.objects.filter(verb="registry.capability.verified").exists()


@pytest.mark.django_db
def test_company_users_cannot_enter_the_admin(supplier_admin):
    response = client_for(supplier_admin).get("/admin/registry/capability/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_company_edit_of_materials_alone_drops_the_operator_verification(supplier, supplier_admin, operator):
    from ppuri.registry.services import capability_verify

    capability = capability_verify(actor=operator, capability=supplier.capabilities.get())
    client_for(supplier_admin).post(
        f"/companies/{supplier.pk}/capabilities/{capability.pk}/",
        {"materials": [Material.objects.get(slug="zinc").pk]},
    )
    capability.refresh_from_db()
    assert list(capability.materials.values_list("slug", flat=True)) == ["zinc"]
    assert capability.source == Capability.Source.DECLARED and capability.verified_by is None


@pytest.mark.django_db
def test_site_of_another_company_under_own_url_is_404(supplier, other_company, other_admin):
    site = supplier.sites.get()
    response = client_for(other_admin).post(
        f"/companies/{other_company.pk}/sites/{site.pk}/", {"address": "빼앗긴 주소"}
    )
    assert response.status_code == 404
    site.refresh_from_db()
    assert site.address != "빼앗긴 주소"


@pytest.mark.django_db
def test_directory_ignores_nul_characters(client, supplier):
    response = client.get("/companies/", {"q": "세광\x00", "complex": "namdong\x00"})
    assert response.status_code == 200
    assert "세광주조" in response.content.decode()


@pytest.mark.django_db
def test_change_log_names_people_only_to_insiders_and_reads_in_each_language(
    client, supplier, supplier_admin, supplier_member
):
    supplier_admin.display_name = "김철수 과장"
    supplier_admin.save()
    client_for(supplier_admin).post(
        f"/companies/{supplier.pk}/edit/", {"name": "세광주조(주)", "products": "휠"}
    )
    url = f"/companies/{supplier.pk}/"
    assert "김철수 과장" in client_for(supplier_member).get(url).content.decode()
    public = client.get(url).content.decode()
    assert "김철수 과장" not in public and "기업 담당자" in public and "프로필 수정: 생산품" in public
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert "Profile changed: Products" in english and "Company staff" in english


@pytest.mark.django_db
def test_admin_writes_are_normalized_and_logged(operator, supplier):
    client = client_for(operator)
    response = client.post(
        "/admin/registry/organization/add/",
        {
            "kind": "company",
            "name": "(주) 새한  정밀",
            "is_public": "on",
            **{
                f"{prefix}-TOTAL_FORMS": "0"
                for prefix in ("sites", "capabilities", "certifications", "memberships", "contacts")
            },
            **{
                f"{prefix}-INITIAL_FORMS": "0"
                for prefix in ("sites", "capabilities", "certifications", "memberships", "contacts")
            },
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    created = Organization.objects.get(name="(주) 새한 정밀")
    assert created.normalized_name == "새한정밀"
    assert ActivityLog.objects.filter(
        verb="registry.organization.created", target_id=str(created.pk)
    ).exists()
    response = client.post(
        "/admin/registry/contact/add/",
        {"organization": supplier.pk, "name": "이영희"},
    )
    assert response.status_code == 302
    assert ActivityLog.objects.filter(verb="registry.contact.created", scope_id=str(supplier.pk)).exists()
