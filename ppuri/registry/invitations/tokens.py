"""The invitation link's token: the invitation's id and a random secret, signed with SECRET_KEY under
its own salt. Only a hash of the secret is stored, so the database alone cannot make a link."""

import hashlib

from django.core import signing
from django.urls import reverse

from ppuri.registry.models import Invitation

SALT = "ppuri.registry.invitation"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_token(invitation: Invitation, secret: str) -> str:
    return signing.dumps({"i": invitation.pk, "s": secret}, salt=SALT)


def invitation_url(token: str) -> str:
    return reverse("registry:invitation_accept", args=[token])
