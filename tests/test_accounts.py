import pytest

from ppuri.accounts.models import ApiToken
from tests.conftest import client_for


@pytest.mark.django_db
def test_token_page_creates_a_key_shown_once_and_stores_only_its_hash(supplier_admin, supplier):
    client = client_for(supplier_admin)
    response = client.post("/accounts/tokens/", {"name": "ERP 연동", "valid_days": 30})
    key = response.context["new_key"]
    assert key.startswith("ppuri_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=supplier_admin)
    assert token.key_hash != key and key not in token.key_hash
    assert key not in client.get("/accounts/tokens/").content.decode()
    api = client_for(supplier_admin)
    api.logout()
    patched = api.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "토큰으로 수정"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert patched.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [{"name": "", "valid_days": 30}, {"name": "x", "valid_days": 0}, {"name": "x", "valid_days": "abc"}],
)
def test_token_form_rejects_bad_input(supplier_admin, payload):
    response = client_for(supplier_admin).post("/accounts/tokens/", payload)
    assert response.status_code == 200 and response.context["new_key"] is None
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoked_and_expired_tokens_stop_working(client, supplier, supplier_admin, token_for):
    headers = token_for(supplier_admin)
    token = ApiToken.objects.get(user=supplier_admin)
    assert client_for(supplier_admin).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    response = client.patch(
        f"/api/v1/companies/{supplier.pk}",
        {"products": "x"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_nobody_revokes_another_users_token(supplier_admin, other_admin, token_for):
    token_for(supplier_admin)
    token = ApiToken.objects.get(user=supplier_admin)
    assert client_for(other_admin).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(client, supplier_admin):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "supplier-admin", "password": "wrong-password"})
    response = client.post(
        "/accounts/login/", {"username": "supplier-admin", "password": "test-password-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_every_response_carries_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
