"""The writes of joining: register, verify, resend, consents, and the purge of sign-ups left unverified.

No answer reveals whether an address has an account: registering a known address mails its owner
instead of making a second account, and spends the same password hashing as a real registration.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.joining import notice
from ppuri.accounts.joining.tokens import LinkProblem, verification_read, verification_token
from ppuri.accounts.models import Consent, ConsentPurpose, Role, User
from ppuri.accounts.selectors import users_with_email
from ppuri.core.activity import activity_log
from ppuri.core.models import ActivityLog
from ppuri.core.notifications import bilingual_mail, mail_after_commit

# The kinds of account a person may make themselves. Institutions (city, labor office, university,
# research institutes) and operators get theirs by invitation only (issue 13).
SIGNUP_ROLES = (Role.SEEKER, Role.COMPANY)


def _absolute(path: str) -> str:
    return f"{settings.PPURI_BASE_URL.rstrip('/')}{path}"


def _mail(*, to: str, template: str, context: dict[str, object]) -> None:
    """A mail in both languages, sent once the transaction has committed."""
    subject, body = bilingual_mail(f"accounts/email/{template}", context)
    mail_after_commit([(subject, body, None, [to])])


def _verification_mail(user: User) -> None:
    token = verification_token(user_id=user.pk, email=user.email)
    _mail(
        to=user.email,
        template="verify",
        context={
            "user": user,
            "link": _absolute(reverse("accounts:verify", args=[token])),
            "hours": settings.PPURI_EMAIL_VERIFICATION_HOURS,
        },
    )


def user_by_email(email: str) -> User | None:
    return users_with_email(email).order_by("pk").first()


@transaction.atomic
def signup_register(
    *, email: str, display_name: str, password: str, role: str, optional_purposes: Iterable[str] = ()
) -> User | None:
    """Make an account waiting for its address to be confirmed, with the required consent and the
    optional ones ticked, and mail the link. A known address gets a mail saying so, and None."""
    if role not in SIGNUP_ROLES:
        raise ValidationError({"kind": _("가입할 수 없는 유형입니다.")})
    email = email.strip()
    if user_by_email(email) is not None:
        make_password(password)  # the same work as a new account: the answer's timing tells nothing
        _mail(
            to=email,
            template="already_registered",
            context={
                "login": _absolute(reverse("accounts:login")),
                "reset": _absolute(reverse("accounts:password_reset")),
            },
        )
        return None
    user = User(
        username=email.casefold(),
        email=email,
        display_name=display_name.strip(),
        role=role,
        awaiting_email_verification=True,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address registered a moment ago, in another request
        return None
    now = timezone.now()
    chosen = set(optional_purposes)
    Consent.objects.bulk_create(
        [
            Consent(user=user, purpose=item.purpose, notice_version=notice.NOTICE_VERSION, given_at=now)
            for item in notice.PURPOSES
            if item.required or item.purpose.value in chosen
        ]
    )
    activity_log(
        actor=None,
        verb="accounts.user.signed_up",
        target=user,
        scope=user,
        # No name in the record: it outlives a purged sign-up's account (unverified_signups_purge).
        summary=lambda: _("%(role)s 회원 가입 신청") % {"role": user.get_role_display()},
    )
    _verification_mail(user)
    return user


@transaction.atomic
def email_verify(*, token: str) -> User:
    """The account a valid link names, now verified. LinkProblem for an expired, altered or stale link
    (the address changed since, or the account is gone)."""
    user_id, email = verification_read(token)
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    # Single use: once confirmed, the link signs nobody in again (it may sit in a mailbox for years).
    if user is None or user.email.casefold() != email or not user.awaiting_email_verification:
        raise LinkProblem(expired=False)
    user.awaiting_email_verification = False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["awaiting_email_verification", "email_verified_at"])
    activity_log(
        actor=user,
        verb="accounts.user.email_verified",
        target=user,
        scope=user,
        summary=lambda: _("전자우편 주소 확인"),
    )
    return user


@transaction.atomic
def verification_resend(*, email: str) -> None:
    """Mail the link again to an account that still waits for it; nothing (and nothing said) otherwise."""
    user = user_by_email(email)
    if user is not None and user.is_active and user.awaiting_email_verification:
        _verification_mail(user)


@transaction.atomic
def consent_give(*, user: User, purpose: str) -> Consent:
    if purpose not in notice.BY_PURPOSE:
        raise ValidationError({"purpose": _("알 수 없는 동의 항목입니다.")})
    consent, created = Consent.objects.get_or_create(
        user=user,
        purpose=purpose,
        withdrawn_at=None,
        defaults={"notice_version": notice.NOTICE_VERSION, "given_at": timezone.now()},
    )
    if created:
        label = ConsentPurpose(purpose).label
        activity_log(
            actor=user,
            verb="accounts.consent.given",
            target=consent,
            scope=user,
            summary=lambda: _("동의함: %(purpose)s") % {"purpose": label},
        )
    return consent


@transaction.atomic
def consent_withdraw(*, user: User, purpose: str) -> None:
    """Withdraw an optional consent; the row stays as the record that it was given, and when."""
    item = notice.BY_PURPOSE.get(purpose)
    if item is None:
        raise ValidationError({"purpose": _("알 수 없는 동의 항목입니다.")})
    if item.required:
        raise ValidationError(
            {"purpose": _("필수 동의는 철회할 수 없습니다. 철회하려면 회원 탈퇴를 하세요.")}
        )
    label = ConsentPurpose(purpose).label
    for consent in Consent.objects.select_for_update().filter(user=user, purpose=purpose, withdrawn_at=None):
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        activity_log(
            actor=user,
            verb="accounts.consent.withdrawn",
            target=consent,
            scope=user,
            summary=lambda: _("동의 철회: %(purpose)s") % {"purpose": label},
        )


@transaction.atomic
def unverified_signups_purge(*, now: datetime | None = None) -> int:
    """Delete sign-ups whose address was never confirmed within the retention period: nobody
    consented to keep them longer (the notice says so). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PPURI_UNVERIFIED_SIGNUP_DAYS)
    stale = User.objects.filter(
        awaiting_email_verification=True, date_joined__lt=cutoff, last_login__isnull=True
    )
    ids = list(stale.values_list("pk", flat=True))
    ActivityLog.objects.filter(
        scope_type=ContentType.objects.get_for_model(User), scope_id__in=[str(pk) for pk in ids]
    ).delete()
    User.objects.filter(pk__in=ids).delete()  # their consents go with them (CASCADE)
    return len(ids)
