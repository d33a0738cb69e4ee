"""The incentives' and tenure's part of "my data" (core.personal_data) for an account: what the account
did in the programme (applications it wrote, decisions and payments it made) and the employments
followed for it as a hire. The young people an application names have no account for it: their data is
destroyed on the programme's schedule (incentives.retention)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, value_text
from ppuri.incentives.models import Evidence, IncentiveApplication, Installment
from ppuri.tenure.models import Employment


def export(user: Any) -> list[Section]:
    rows: list[Row] = []
    for employment in Employment.objects.filter(person=user).select_related("company"):
        rows.append(
            Row(
                field=_("재직 기록: %(company)s") % {"company": employment.company.name},
                value=_("입사 %(hired)s, 퇴사 %(left)s")
                % {
                    "hired": value_text(employment.hired_on),
                    "left": value_text(employment.separated_on) or "—",
                },
            )
        )
    counts = [
        (_("작성한 장려금 신청"), IncentiveApplication.objects.filter(submitted_by=user).count()),
        (_("심사한 장려금 신청"), IncentiveApplication.objects.filter(decided_by=user).count()),
        (_("재직을 확인한 분할 지급"), Installment.objects.filter(confirmed_by=user).count()),
        (_("지급을 승인한 분할 지급"), Installment.objects.filter(approved_by=user).count()),
        (_("올린 증빙"), Evidence.objects.filter(uploaded_by=user).count()),
    ]
    rows += [Row(field=str(label), value=str(count)) for label, count in counts if count]
    return [Section(key="incentives", title=_("청년 장려금·근속"), rows=rows)] if rows else []


def erase(user: Any) -> Erasure:
    """Nothing to delete: the links to the account go with it (SET_NULL); the records stay."""
    done = Erasure()
    if (
        Employment.objects.filter(person=user).exists()
        or IncentiveApplication.objects.filter(submitted_by=user).exists()
    ):
        done.kept.append(
            _("장려금 신청과 재직 기록은 계정과의 연결을 끊고 남깁니다(보조금 집행 기록, 근속 통계).")
        )
    return done


INCENTIVES = Provider(
    key="incentives",
    models=(
        "incentives.Program",
        "incentives.IncentiveApplication",
        "incentives.Installment",
        "incentives.LedgerEntry",
        "incentives.Evidence",
        "tenure.Employment",
        "tenure.MilestoneConfirmation",
    ),
    export=export,
    erase=erase,
    order=45,
    keeps=(
        Kept(
            what=gettext_lazy("기업의 장려금 신청, 고용노동청의 결정과 지급 기록(누가 했는지는 지움)"),
            why=gettext_lazy("보조금 집행의 기록: 예산·지급·환수를 맞춰 볼 수 있어야 합니다."),
            how_long=gettext_lazy("사업에서 정한 개인정보 보유 기간까지(청년의 개인정보는 그때 파기)"),
        ),
        Kept(
            what=gettext_lazy("채용·퇴사 날짜와 사업장(계정과의 연결은 지움)"),
            why=gettext_lazy("재직 유지율 통계(개인을 알 수 없게)"),
            how_long=gettext_lazy("통계가 필요한 동안"),
        ),
    ),
)
