"""The link mailed at sign-up: the account's id and address, signed and timestamped (Django's signing,
so no table of tokens). The address is in the signature, so a link stops working if the address
changes; the flag it clears (awaiting_email_verification) makes it single-use."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

_SALT = "ppuri.accounts.email-verification"


@dataclass(frozen=True)
class LinkProblem(Exception):
    expired: bool  # True: past its time; False: altered, truncated or not ours


def verification_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email.casefold()}, salt=_SALT, compress=True)


def verification_read(token: str) -> tuple[int, str]:
    """(user id, address) of a valid, unexpired link; LinkProblem otherwise."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.PPURI_EMAIL_VERIFICATION_HOURS * 3600)
    except signing.SignatureExpired as exc:
        raise LinkProblem(expired=True) from exc
    except signing.BadSignature as exc:
        raise LinkProblem(expired=False) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise LinkProblem(expired=False)
    return payload["u"], str(payload.get("e", ""))
