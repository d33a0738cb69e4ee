"""Core's own part of "my data" (core.personal_data): notifications, the change log of what the
person did, the access record of what they read and the back office's history."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from ppuri.core.i18n import in_each_language
from ppuri.core.models import AccessRecord, ActivityLog, Notification
from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, rows, value_text

# The newest rows shown of long histories; the count says how many there are in all.
SHOWN = 200


def export(user: Any) -> list[Section]:
    notifications = Notification.objects.filter(recipient=user)
    activity = ActivityLog.objects.filter(actor=user)
    reads = AccessRecord.objects.filter(user=user)
    return [
        Section(
            key="notifications",
            title=_("알림"),
            rows=[
                Row(field=value_text(item.created_at), value=item.summary_for_reader)
                for item in notifications[:SHOWN]
            ],
        ),
        Section(
            key="activity",
            title=_("내가 한 일의 기록"),
            rows=[
                Row(field=value_text(entry.created_at), value=entry.summary_for_reader)
                for entry in activity[:SHOWN]
            ],
        ),
        Section(
            key="access_records",
            title=_("개인정보 열람 기록(접속기록)"),
            rows=rows((_("건수"), reads.count()))
            + [
                Row(
                    field=value_text(record.created_at),
                    value=f"{record.get_kind_display()} · {record.get_action_display()} · {record.path}",
                )
                for record in reads[:SHOWN]
            ],
        ),
    ]


def erase(user: Any) -> Erasure:
    done = Erasure()
    deleted, _by_model = Notification.objects.filter(recipient=user).delete()
    if deleted:
        done.erased.append(_("알림 %(count)d건을 지웠습니다.") % {"count": deleted})
    if ActivityLog.objects.filter(actor=user).exists():
        done.kept.append(_("업무 처리 기록은 남기고, 처리한 사람은 '탈퇴한 사용자'로 표시합니다."))
    if AccessRecord.objects.filter(user=user).exists():
        done.kept.append(_("접속기록은 법정 보관 기간 동안 남깁니다."))
    return done


CORE = Provider(
    key="core",
    models=("core.Notification", "core.ActivityLog", "core.AccessRecord", "admin.LogEntry"),
    export=export,
    erase=erase,
    order=90,
    deletes=(gettext_lazy("받은 알림"),),
    keeps=(
        Kept(
            what=gettext_lazy(
                "견적 요청·견적·선정, 과제·자문 등 업무를 처리한 기록(처리한 사람은 '탈퇴한 사용자'로 표시)"
            ),
            why=gettext_lazy("거래 상대 기업과 운영기관이 확인해야 하는 업무 기록이므로"),
            how_long=gettext_lazy("업무 기록의 보존 기간(기본 5년) 동안"),
        ),
        Kept(
            what=gettext_lazy("개인정보를 열람한 접속기록(아이디, 일시, 접속 IP)"),
            why=gettext_lazy("개인정보의 안전성 확보조치 기준 제8조가 보관을 요구하므로"),
            how_long=ngettext_lazy("%(days)d일", "%(days)d일", "days")
            % {"days": settings.PPURI_ACCESS_RECORD_RETENTION_DAYS},
        ),
        Kept(
            what=gettext_lazy("운영기관 직원이 관리 화면에서 한 변경 이력"),
            why=gettext_lazy("권한 부여·변경 이력 보관 의무(개인정보의 안전성 확보조치 기준 제5조)"),
            how_long=gettext_lazy("3년"),
        ),
    ),
)


def names_replace(
    *,
    name: str,
    replacement: Callable[[], str],
    activity: QuerySet[ActivityLog],
    notifications: QuerySet[Notification] | None = None,
) -> int:
    """Replace a person's name in the summaries of these change-log entries (and notifications) with
    `replacement` ("탈퇴한 전문가"), in every language: the records stay, the name goes. Providers pass
    only the rows that can name the person (their offers' cases, their memberships), so another
    person's text is not touched. Returns how many rows changed."""
    name = name.strip()
    if len(name) < 2:  # a one-letter name would be found inside other words
        return 0
    instead = in_each_language(replacement)
    changed = 0
    querysets: list[QuerySet[Any]] = [activity] + ([notifications] if notifications is not None else [])
    for rows_naming in querysets:
        for row in rows_naming.filter(summary__contains=name):
            row.summary = row.summary.replace(name, instead.get(settings.LANGUAGE_CODE, ""))
            row.summaries = {
                code: text.replace(name, instead.get(code, "")) for code, text in row.summaries.items()
            }
            row.save(update_fields=["summary", "summaries"])
            changed += 1
    return changed
