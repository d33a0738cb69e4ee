"""`GET /api/v1/me` (who am I: the account, its role, memberships and consents) and
`GET /api/v1/me/data` (everything held about me: the same document as the JSON download of "my
data"). Bearer tokens and the session both work; every read is in the access record."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ppuri.accounts import selectors as accounts_selectors
from ppuri.accounts import services as accounts_services
from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.core import personal_data
from ppuri.core.access import Action
from ppuri.registry import selectors as registry_selectors

router = Router(tags=["me"])


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    role: str
    email_verified_at: str | None
    date_joined: str


class MembershipOut(Schema):
    organization_id: int
    organization_name: str
    role: str


class ConsentOut(Schema):
    purpose: str
    notice_version: str
    given_at: str
    withdrawn_at: str | None


class MeOut(Schema):
    user: UserOut
    role: str
    memberships: list[MembershipOut]
    consents: list[ConsentOut]


class RowOut(Schema):
    field: str
    value: str


class SectionOut(Schema):
    key: str
    title: str
    rows: list[RowOut]


class MyDataOut(Schema):
    generated_at: str
    user_id: int
    sections: list[SectionOut]


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


@router.get("/me", response=MeOut, auth=token_or_session)
def me(request: HttpRequest) -> Any:
    """The signed-in account: role, memberships (organization and role there) and consents."""
    user = authenticated_user(request)
    accounts_services.my_data_access_record(request=request, user=user, action=Action.API_READ)
    return {
        "user": {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": user.role,
            "email_verified_at": _when(user.email_verified_at),
            "date_joined": user.date_joined.isoformat(),
        },
        "role": user.role,
        "memberships": [
            {
                "organization_id": membership.organization_id,
                "organization_name": membership.organization.name,
                "role": membership.role,
            }
            for membership in registry_selectors.memberships_of(user=user)
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "notice_version": consent.notice_version,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in accounts_selectors.consents_of(user=user)
        ],
    }


@router.get("/me/data", response=MyDataOut, auth=token_or_session)
def me_data(request: HttpRequest) -> Any:
    """Everything Ppuri holds about me, by section: the JSON download of "my data"."""
    user = authenticated_user(request)
    sections = accounts_services.my_data_read(request=request, user=user, action=Action.API_READ)
    return personal_data.as_json(user, sections)
