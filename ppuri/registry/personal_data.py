"""The registry's part of "my data" (core.personal_data): the user's memberships, and what operators
did in the registry (verified capabilities, imports run, duplicates resolved), which is kept."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.accounts.selectors import active_operators
from ppuri.core.activity import activity_log
from ppuri.core.models import ActivityLog
from ppuri.core.notifications import notify
from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, rows
from ppuri.core.personal_data_core import names_replace
from ppuri.registry import selectors
from ppuri.registry.models import Capability, ImportReviewItem, ImportRun, Membership


def export(user: Any) -> list[Section]:
    memberships = Section(
        key="memberships",
        title=_("소속 기관"),
        rows=[
            Row(field=membership.organization.name, value=membership.get_role_display())
            for membership in selectors.memberships_of(user=user)
        ],
    )
    records = rows(
        (_("확인한 공정 역량"), Capability.objects.filter(verified_by=user).count()),
        (_("실행한 공장 자료 가져오기"), ImportRun.objects.filter(created_by=user).count()),
        (_("처리한 중복 의심 검토"), ImportReviewItem.objects.filter(resolved_by=user).count()),
    )
    shown = [memberships]
    if any(row.value != "0" for row in records):
        shown.append(Section(key="registry_work", title=_("기업 정보 관리 업무"), rows=records))
    return shown


def warnings(user: Any) -> list[str]:
    return [
        _(
            "%(organization)s의 관리자는 나 한 명입니다. 탈퇴하면 이 기업 정보를 관리할 사람이 없어지므로, "
            "먼저 동료를 관리자로 지정하는 것이 좋습니다. 그대로 탈퇴하면 운영기관에 알립니다."
        )
        % {"organization": organization.name}
        for organization in selectors.organizations_left_without_admin(user=user)
    ]


def _admin_left(name: str) -> Callable[[], str]:
    return lambda: (
        _("%(organization)s의 마지막 관리자가 탈퇴했습니다. 새 관리자를 지정해 주세요.")
        % {"organization": name}
    )


def erase(user: Any) -> Erasure:
    done = Erasure()
    stranded = selectors.organizations_left_without_admin(user=user)
    memberships = list(Membership.objects.filter(user=user).select_related("organization"))
    for membership in memberships:
        activity_log(
            actor=user,
            verb="registry.membership.left",
            target=user,
            scope=membership.organization,
            summary=lambda: _("관리자·구성원 한 명이 탈퇴로 소속에서 빠졌습니다."),
        )
    # The change log's "<name> 권한: 관리자" entries of these memberships: kept, without the name.
    names_replace(
        name=str(user),
        replacement=lambda: _("탈퇴한 사용자"),
        activity=ActivityLog.objects.filter(
            target_type=ContentType.objects.get_for_model(Membership),
            target_id__in=[str(membership.pk) for membership in memberships],
        ),
    )
    Membership.objects.filter(user=user).delete()
    if memberships:
        done.erased.append(_("소속 %(count)d건을 지웠습니다.") % {"count": len(memberships)})
    if stranded:
        operators = active_operators()
        for organization in stranded:
            notify(
                recipients=operators,
                verb="registry.organization.admin_left",
                summary=_admin_left(organization.name),
                url=organization.get_absolute_url(),
            )
        done.kept.append(
            _("관리자가 없어진 기업(%(names)s)을 운영기관에 알렸습니다.")
            % {"names": ", ".join(organization.name for organization in stranded)}
        )
    return done


REGISTRY = Provider(
    key="registry",
    models=("registry.Membership", "registry.Capability", "registry.ImportRun", "registry.ImportReviewItem"),
    export=export,
    erase=erase,
    warnings=warnings,
    order=20,
    deletes=(gettext_lazy("기업·기관 소속과 그 권한"),),
    keeps=(
        Kept(
            what=gettext_lazy("운영기관 직원으로서 확인·가져오기·검토한 기록(처리한 사람은 '탈퇴한 사용자')"),
            why=gettext_lazy("기업 정보가 언제 어떤 근거로 바뀌었는지 설명해야 하므로"),
            how_long=gettext_lazy("업무 기록의 보존 기간(기본 5년) 동안"),
        ),
    ),
)
