"""Claims and invitations in "my data" (core.personal_data): the claims a person made, the invitations
they sent or accepted. A claim's decision and an invitation's record are kept (they explain why
someone administers a company); a claim still waiting is withdrawn, an invitation not yet answered
is revoked."""

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section
from ppuri.registry.models import Claim, Invitation


def export(user: Any) -> list[Section]:
    claims = Section(
        key="claims",
        title=_("소유권 신청"),
        rows=[
            Row(
                field=claim.organization.name,
                value=_("%(status)s · %(day)s 신청")
                % {
                    "status": claim.get_status_display(),
                    "day": timezone.localtime(claim.created_at).strftime("%Y-%m-%d"),
                },
            )
            for claim in Claim.objects.filter(claimant=user).select_related("organization").order_by("pk")
        ],
    )
    invitations = Section(
        key="invitations",
        title=_("초대"),
        rows=[
            Row(
                field=invitation.organization.name,
                value=(_("보냄: %(email)s") if invitation.invited_by_id == user.pk else _("받음: %(email)s"))
                % {"email": invitation.email},
            )
            for invitation in Invitation.objects.filter(Q(invited_by=user) | Q(accepted_by=user))
            .select_related("organization")
            .order_by("pk")
        ],
    )
    return [section for section in (claims, invitations) if section.rows]


def erase(user: Any) -> Erasure:
    done = Erasure()
    now = timezone.now()
    waiting = Claim.objects.filter(claimant=user, status=Claim.Status.PENDING).update(
        status=Claim.Status.WITHDRAWN, updated_at=now
    )
    if waiting:
        done.erased.append(_("기다리던 소유권 신청 %(count)d건을 철회했습니다.") % {"count": waiting})
    open_invitations = Invitation.objects.filter(
        invited_by=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    if open_invitations:
        done.erased.append(_("답을 기다리던 초대 %(count)d건을 취소했습니다.") % {"count": open_invitations})
    return done


CLAIMS = Provider(
    key="registry_claims",
    models=("registry.Claim", "registry.Invitation"),
    export=export,
    erase=erase,
    order=25,
    deletes=(gettext_lazy("기다리던 소유권 신청(철회)과 답을 기다리던 초대(취소)"),),
    keeps=(
        Kept(
            what=gettext_lazy("결정된 소유권 신청과 초대의 기록(누가 왜 기업을 관리하게 되었는지)"),
            why=gettext_lazy("기업 정보를 관리할 권한의 근거를 설명해야 하므로"),
            how_long=gettext_lazy("업무 기록의 보존 기간(기본 5년) 동안"),
        ),
    ),
)
