"""The programmes' part of "my data" (core.personal_data): what a person did in them as staff or as a
partner's editor (actuals reported, visits logged, follow-ups owned, leads, events organised, meetings
registered for). These are work records of public programmes: deleting the account keeps them, tied to
the anonymised account ("탈퇴한 사용자"), and ends its right to report for a partner."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, value_text
from ppuri.programs.models import (
    BudgetChange,
    CommitmentPeriod,
    Event,
    FollowUp,
    Lead,
    Participant,
    Partner,
    Visit,
)


def export(user: Any) -> list[Section]:
    work: list[Row] = []
    for partner in Partner.objects.filter(editors=user).select_related("agreement"):
        work.append(Row(field=_("실적 입력 담당 기관"), value=f"{partner.agreement} · {partner.name}"))
    for period in CommitmentPeriod.objects.filter(reported_by=user).select_related("commitment"):
        work.append(Row(field=_("입력한 실적"), value=f"{period.commitment} · {period.label}"))
    for visit in Visit.objects.filter(visitor=user).select_related("organization"):
        work.append(Row(field=_("기업 방문"), value=f"{value_text(visit.visited_on)} · {visit.organization}"))
    for follow_up in FollowUp.objects.filter(owner=user):
        work.append(
            Row(field=_("맡은 후속 조치"), value=f"{follow_up.title} · {follow_up.get_status_display()}")
        )
    for lead in Lead.objects.filter(officer=user):
        work.append(Row(field=_("담당 투자 유치 대상"), value=lead.code_name))
    for event in Event.objects.filter(organiser=user):
        work.append(Row(field=_("주최한 상담회"), value=f"{event} · {value_text(event.held_on)}"))
    for participant in Participant.objects.filter(registered_by=user).select_related("event"):
        work.append(Row(field=_("참가 신청한 상담회"), value=f"{participant.event} · {participant.name}"))
    if not work:
        return []
    return [Section(key="programs", title=_("사업 관리 기록"), rows=work)]


def erase(user: Any) -> Erasure:
    erasure = Erasure()
    if Partner.objects.filter(editors=user).exists():
        user.program_partners.clear()
        erasure.erased.append(_("협약 기관의 실적 입력 권한"))
    worked = (
        CommitmentPeriod.objects.filter(reported_by=user).exists()
        or Visit.objects.filter(visitor=user).exists()
        or FollowUp.objects.filter(owner=user).exists()
        or Lead.objects.filter(officer=user).exists()
        or Event.objects.filter(organiser=user).exists()
        or Participant.objects.filter(registered_by=user).exists()
        or BudgetChange.objects.filter(changed_by=user).exists()
    )
    if worked:
        erasure.kept.append(
            _("사업 관리 기록(실적, 방문, 후속 조치, 투자 유치, 상담회)은 이름 없이 남습니다.")
        )
    return erasure


PROGRAMS = Provider(
    key="programs",
    models=(
        "programs.Partner",
        "programs.CommitmentPeriod",
        "programs.Document",
        "programs.BudgetChange",
        "programs.Lead",
        "programs.LeadStageChange",
        "programs.Visit",
        "programs.FollowUp",
        "programs.Event",
        "programs.Participant",
    ),
    export=export,
    erase=erase,
    order=70,
    deletes=(gettext_lazy("협약 기관의 실적 입력 권한"),),
    keeps=(
        Kept(
            what=gettext_lazy("입력한 실적, 기업 방문과 후속 조치, 투자 유치, 상담회 기록(이름 없이)"),
            why=gettext_lazy("공공 사업의 이행 기록이자 협약 실적의 근거이므로"),
            how_long=gettext_lazy("업무 기록의 보존 기간(기본 5년) 동안"),
        ),
    ),
)
