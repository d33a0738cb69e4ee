"""Writes of invitations and of leaving an organization: each checks who acts, logs and notifies."""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.models import Role
from ppuri.core.activity import activity_log
from ppuri.core.i18n import in_each_language
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.registry.invitations.selectors import account_exists, may_administer
from ppuri.registry.invitations.tokens import invitation_token, invitation_url, secret_hash
from ppuri.registry.models import Invitation, Membership, Organization
from ppuri.registry.services import membership_set

# Roles an operator may invite into (institutions get accounts only this way); a company admin invites
# company staff only. Seekers sign up themselves.
OPERATOR_ROLES = (Role.OPERATOR, Role.CITY, Role.LABOR_OFFICE, Role.UNIVERSITY, Role.EXPERT, Role.COMPANY)
NAME_MAX = 100


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("올바른 이메일 주소를 입력해 주세요.")]}) from None
    return email


def _throttle(actor: Any) -> None:
    since = timezone.now() - timedelta(hours=1)
    sent = Invitation.objects.filter(invited_by=actor, created_at__gte=since).count()
    if sent >= settings.PPURI_INVITATIONS_PER_HOUR:
        raise ValidationError(
            _("한 시간에 보낼 수 있는 초대(%(limit)d건)를 모두 보냈습니다. 잠시 뒤에 다시 보내 주세요.")
            % {"limit": settings.PPURI_INVITATIONS_PER_HOUR},
            code="throttled",
        )


def _mail(invitation: Invitation, token: str) -> None:
    link = f"{settings.PPURI_BASE_URL.rstrip('/')}{invitation_url(token)}"
    texts = in_each_language(
        lambda: (
            _(
                "%(organization)s에서 Ppuri에 초대했습니다. "
                "아래 링크에서 %(days)d일 안에 초대를 수락해 주세요. "
                "링크는 한 번만 쓸 수 있습니다. 초대받을 일이 없다면 이 메일을 무시하세요."
            )
            % {"organization": invitation.organization.name, "days": settings.PPURI_INVITATION_DAYS}
        )
    )
    subject = in_each_language(
        lambda: _("[Ppuri] %(organization)s 초대") % {"organization": invitation.organization.name}
    )
    body = "\n\n".join([*dict.fromkeys(str(t) for t in texts.values()), link])
    recipient = invitation.email
    first_subject = str(subject.get(settings.LANGUAGE_CODE) or next(iter(subject.values())))
    transaction.on_commit(lambda: send_mail(first_subject, body, None, [recipient]))


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    organization: Organization,
    email: str,
    membership_role: str = Membership.Role.MEMBER,
    user_role: str | None = None,
) -> tuple[Invitation, str]:
    """Invite an address into an organization; returns the invitation and its token (mailed, never
    stored). An open invitation of the same address to the same organization is replaced."""
    if not may_administer(user=actor, organization=organization):
        raise PermissionDenied
    operator = is_operator(actor)
    if user_role is None or user_role == "":
        user_role = Role.COMPANY if organization.kind == Organization.Kind.COMPANY else ""
    errors: dict[str, list[str]] = {}
    try:
        email = _clean_email(email)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if membership_role not in Membership.Role.values:
        errors["membership_role"] = [_("구성원 또는 관리자 중에서 고르세요.")]
    allowed = OPERATOR_ROLES if operator else (Role.COMPANY,)
    if user_role not in allowed:
        errors["user_role"] = [_("이 초대로 만들 수 없는 계정 역할입니다.")]
    elif user_role == Role.COMPANY and organization.kind != Organization.Kind.COMPANY:
        errors["user_role"] = [_("기업 담당자 계정은 기업에만 초대할 수 있습니다.")]
    if errors:
        raise ValidationError(errors)
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": [_("이미 이 기관·기업의 구성원입니다.")]})
    _throttle(actor)
    now = timezone.now()
    Invitation.objects.filter(
        organization=organization, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organization=organization,
        membership_role=membership_role,
        user_role=user_role,
        invited_by=actor,
        secret_hash=secret_hash(secret),
        expires_at=now + timedelta(days=settings.PPURI_INVITATION_DAYS),
    )
    token = invitation_token(invitation, secret)
    activity_log(
        actor=actor,
        verb="registry.invitation.sent",
        target=invitation,
        scope=organization,
        summary=lambda: (
            _("%(role)s 권한으로 한 명을 초대했습니다.") % {"role": invitation.get_membership_role_display()}
        ),
    )
    _mail(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if not may_administer(user=actor, organization=invitation.organization):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("이미 수락되었거나 취소된 초대입니다."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="registry.invitation.revoked",
        target=invitation,
        scope=invitation.organization,
        summary=lambda: _("초대를 취소했습니다."),
    )
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    locked = (
        # Only the invitation's row: PostgreSQL cannot lock the nullable side of the outer join.
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "invited_by")
        .get(pk=invitation.pk)
    )
    if locked.revoked_at:
        raise ValidationError(_("취소된 초대입니다."))
    if locked.accepted_at:
        raise ValidationError(_("이미 사용한 초대 링크입니다."))
    if locked.expires_at <= timezone.now():
        raise ValidationError(_("만료된 초대 링크입니다."))
    return locked


def _accepted(invitation: Invitation, user: Any) -> None:
    membership_set(
        actor=user, organization=invitation.organization, user=user, role=invitation.membership_role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    activity_log(
        actor=user,
        verb="registry.invitation.accepted",
        target=invitation,
        scope=invitation.organization,
        summary=lambda: _("%(user)s님이 초대를 수락했습니다.") % {"user": user},
    )
    notify(
        recipients=[invitation.invited_by],
        verb="registry.invitation.accepted",
        summary=lambda: (
            _("%(user)s님이 %(organization)s 초대를 수락했습니다.")
            % {"user": user, "organization": invitation.organization.name}
        ),
        url=reverse("registry:company_people", args=[invitation.organization_id])
        if invitation.organization.kind == Organization.Kind.COMPANY
        else "",
    )


@transaction.atomic
def invitation_accept_new(*, invitation: Invitation, name: str, password: str) -> Any:
    """A new person's account, made from the link: verified (the link reached the address), with the
    invitation's role and membership."""
    invitation = _locked_open(invitation)
    User = get_user_model()
    if account_exists(email=invitation.email):
        raise ValidationError(
            _("이 주소로 이미 가입한 계정이 있습니다. 로그인한 뒤 초대 링크를 다시 열어 주세요.")
        )
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("이름을 입력해 주세요.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("이름은 %(max)d자까지 쓸 수 있습니다.") % {"max": NAME_MAX}]
    user = User(
        username=invitation.email,
        email=invitation.email,
        display_name=name,
        role=invitation.user_role,
        is_staff=invitation.user_role == Role.OPERATOR,
        awaiting_email_verification=False,
        email_verified_at=timezone.now(),
    )
    try:
        password_validation.validate_password(password or "", user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    _accepted(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user: Any) -> Invitation:
    """A signed-in user whose account has the invited address joins. The account's role is not changed:
    an invitation of another role (a seeker invited as company staff) is refused with the reason."""
    invitation = _locked_open(invitation)
    if not getattr(user, "is_authenticated", False) or (user.email or "").lower() != invitation.email:
        raise PermissionDenied
    if user.role != invitation.user_role:
        raise ValidationError(
            _(
                "이 초대는 %(role)s 계정용입니다. "
                "지금 계정의 역할로는 수락할 수 없으니 초대한 분께 문의해 주세요."
            )
            % {"role": Role(invitation.user_role).label}
        )
    _accepted(invitation, user)
    return invitation


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Take someone out of an organization. The last admin stays: a claimed company is never left
    without anyone to manage it (an operator can still act for it)."""
    organization = membership.organization
    if not may_administer(user=actor, organization=organization):
        raise PermissionDenied
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    )
    if membership.role == Membership.Role.ADMIN:
        admins = Membership.objects.select_for_update().filter(
            organization=organization, role=Membership.Role.ADMIN
        )
        if admins.count() <= 1:
            raise ValidationError(
                _("마지막 관리자는 내보낼 수 없습니다. 먼저 다른 사람을 관리자로 초대해 주세요.")
            )
    person = membership.user
    activity_log(
        actor=actor,
        verb="registry.membership.removed",
        target=membership,  # once deleted, no viewer's feed shows it; the log keeps it
        scope=organization,
        summary=lambda: _("구성원 한 명을 내보냈습니다."),
        data={"user_id": person.pk},
    )
    membership.delete()
    notify(
        recipients=[person],
        verb="registry.membership.removed",
        summary=lambda: (
            _("%(organization)s 구성원에서 제외되었습니다.") % {"organization": organization.name}
        ),
        url=organization.get_absolute_url(),
    )
