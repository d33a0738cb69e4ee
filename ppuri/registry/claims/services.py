"""Writes of claims: each checks who acts, logs the change and tells whom it concerns."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts.models import Role
from ppuri.core import files
from ppuri.core.activity import activity_log
from ppuri.core.business_number import business_number_digits, business_number_valid
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.registry.claims.selectors import may_claim
from ppuri.registry.models import Claim, ClaimDocument, Membership, Organization
from ppuri.registry.services import membership_set

MESSAGE_MAX = 2_000
REASON_MAX = 2_000


def _operators() -> list[Any]:
    return list(get_user_model().objects.filter(Q(role=Role.OPERATOR) | Q(is_superuser=True), is_active=True))


def _clean_business_number(value: str) -> str:
    digits = business_number_digits(value)
    if digits is None:
        raise ValidationError(
            {"business_number": [_("사업자등록번호는 숫자 10자리(예: 123-45-67890)로 입력해 주세요.")]}
        )
    if not business_number_valid(digits):
        raise ValidationError(
            {
                "business_number": [
                    _("사업자등록번호의 검증 숫자(마지막 자리)가 맞지 않습니다. 번호를 다시 확인해 주세요.")
                ]
            }
        )
    return digits


def _clean_work_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError({"work_email": [_("올바른 이메일 주소를 입력해 주세요.")]}) from None
    if len(value) > 254:
        raise ValidationError({"work_email": [_("이메일 주소가 너무 깁니다.")]})
    return value


@transaction.atomic
def claim_create(
    *,
    actor: Any,
    organization: Organization,
    business_number: str,
    work_email: str = "",
    message: str = "",
    document: Any = None,
) -> Claim:
    """A claim waiting for an operator. A second person's claim of the same company is allowed and
    waits too (the operator compares them); the same person cannot have two open claims of one company."""
    if not may_claim(actor):
        raise PermissionDenied
    if organization.kind != Organization.Kind.COMPANY:
        raise ValidationError({"organization": [_("기업만 소유권을 신청할 수 있습니다.")]})
    if Membership.objects.filter(organization=organization, user=actor, role=Membership.Role.ADMIN).exists():
        raise ValidationError({"organization": [_("이미 이 기업의 관리자입니다.")]})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for field, clean, value in (
        ("business_number", _clean_business_number, business_number),
        ("work_email", _clean_work_email, work_email),
    ):
        try:
            cleaned[field] = clean(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        errors["message"] = [_("메시지는 %(max)d자까지 쓸 수 있습니다.") % {"max": MESSAGE_MAX}]
    kind = None
    if document:
        try:
            kind = files.check(document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if Claim.objects.filter(organization=organization, claimant=actor, status=Claim.Status.PENDING).exists():
        raise ValidationError({"organization": [_("이 기업에 대해 검토 중인 신청이 이미 있습니다.")]})
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                organization=organization, claimant=actor, message=message, **cleaned
            )
    except IntegrityError:  # the same person's second click, a moment after the first
        raise ValidationError(
            {"organization": [_("이 기업에 대해 검토 중인 신청이 이미 있습니다.")]}
        ) from None
    if document and kind:
        files.store(ClaimDocument, document, kind, claim=claim)
    activity_log(
        actor=actor,
        verb="registry.claim.submitted",
        target=claim,
        scope=organization,
        summary=lambda: _("%(user)s님이 소유권을 신청했습니다.") % {"user": actor},
    )
    notify(
        recipients=_operators(),
        verb="registry.claim.submitted",
        summary=lambda: _("새 소유권 신청: %(organization)s") % {"organization": organization.name},
        url=reverse("registry:claim_detail", args=[claim.pk]),
    )
    return claim


def _locked_pending(claim: Claim) -> Claim:
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("organization", "claimant")
        .get(pk=claim.pk)
    )
    if locked.status != Claim.Status.PENDING:
        raise ValidationError(
            {"status": [_("이미 처리된 신청입니다(%(status)s).") % {"status": locked.get_status_display()}]}
        )
    return locked


def _decided(claim: Claim, *, actor: Any, status: str, reason: str = "") -> None:
    claim.status = status
    claim.refusal_reason = reason
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def claim_approve(*, actor: Any, claim: Claim) -> Claim:
    """The claimant becomes admin of the company, in the same transaction as the decision. Competing
    claims stay pending: the operator decides each (the queue flags that the company now has an admin)."""
    if not is_operator(actor):
        raise PermissionDenied
    claim = _locked_pending(claim)
    membership_set(
        actor=actor, organization=claim.organization, user=claim.claimant, role=Membership.Role.ADMIN
    )
    _decided(claim, actor=actor, status=Claim.Status.APPROVED)
    activity_log(
        actor=actor,
        verb="registry.claim.approved",
        target=claim,
        scope=claim.organization,
        summary=lambda: _("%(user)s님의 소유권 신청을 승인했습니다.") % {"user": claim.claimant},
    )
    notify(
        recipients=[claim.claimant],
        verb="registry.claim.approved",
        summary=lambda: (
            _("%(organization)s 소유권 신청이 승인되었습니다. 이제 기업 정보를 관리할 수 있습니다.")
            % {"organization": claim.organization.name}
        ),
        url=claim.organization.get_absolute_url(),
    )
    return claim


@transaction.atomic
def claim_refuse(*, actor: Any, claim: Claim, reason: str) -> Claim:
    if not is_operator(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("반려 사유를 입력해 주세요.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": [_("반려 사유는 %(max)d자까지 쓸 수 있습니다.") % {"max": REASON_MAX}]}
        )
    claim = _locked_pending(claim)
    _decided(claim, actor=actor, status=Claim.Status.REFUSED, reason=reason)
    activity_log(
        actor=actor,
        verb="registry.claim.refused",
        target=claim,
        scope=claim.organization,
        summary=lambda: _("%(user)s님의 소유권 신청을 반려했습니다.") % {"user": claim.claimant},
        data={"reason": reason},
    )
    notify(
        recipients=[claim.claimant],
        verb="registry.claim.refused",
        summary=lambda: (
            _("%(organization)s 소유권 신청이 반려되었습니다. 사유를 확인해 주세요.")
            % {"organization": claim.organization.name}
        ),
        url=reverse("registry:claim_detail", args=[claim.pk]),
    )
    return claim


@transaction.atomic
def claim_withdraw(*, actor: Any, claim: Claim) -> Claim:
    if not getattr(actor, "is_authenticated", False) or claim.claimant_id != actor.pk:
        raise PermissionDenied
    claim = _locked_pending(claim)
    _decided(claim, actor=actor, status=Claim.Status.WITHDRAWN)
    activity_log(
        actor=actor,
        verb="registry.claim.withdrawn",
        target=claim,
        scope=claim.organization,
        summary=lambda: _("%(user)s님이 소유권 신청을 취소했습니다.") % {"user": actor},
    )
    return claim
