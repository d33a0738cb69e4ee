"""The dashboards' part of "my data": the reports the person downloaded (when, which, why). The records
are kept like the access records, for the statutory period, tied to the anonymised account."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, value_text
from ppuri.dashboards.models import ReportDownload, ReportJob

SHOWN = 200


def export(user: Any) -> list[Section]:
    downloads = ReportDownload.objects.filter(user=user)
    rows = [
        Row(
            field=value_text(d.downloaded_at),
            value=" · ".join(filter(None, [d.scope, d.period, d.get_format_display(), d.reason])),
        )
        for d in downloads[:SHOWN]
    ]
    jobs = [
        Row(
            field=value_text(j.created_at),
            value=" · ".join(
                filter(None, [j.scope, j.period, j.get_format_display(), j.get_status_display(), j.reason])
            ),
        )
        for j in ReportJob.objects.filter(user=user)[:SHOWN]
    ]
    sections = []
    if rows:
        sections.append(Section(key="dashboards", title=_("내려받은 현황 보고서"), rows=rows))
    if jobs:
        sections.append(Section(key="dashboards-jobs", title=_("만들어 둔 현황 보고서"), rows=jobs))
    return sections


def erase(user: Any) -> Erasure:
    erasure = Erasure()
    # Reports made for the person (their reason with them) go at once: nobody else may open them.
    for job in ReportJob.objects.filter(user=user):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    if ReportDownload.objects.filter(user=user).exists():
        erasure.kept.append(_("보고서 내려받기 기록은 접속기록과 같은 기간 동안 남깁니다."))
    return erasure


DASHBOARDS = Provider(
    key="dashboards",
    models=("dashboards.ReportDownload", "dashboards.ReportJob"),
    export=export,
    erase=erase,
    order=85,
    keeps=(
        Kept(
            what=gettext_lazy("현황 보고서를 내려받은 기록(시각, 범위, 기간, 이유)"),
            why=gettext_lazy("비공개 값이 담긴 보고서를 누가 왜 받았는지 확인하기 위해"),
            how_long=gettext_lazy("접속기록의 보관 기간 동안"),
        ),
        Kept(
            what=gettext_lazy("따로 만들어 둔 현황 보고서(파일과 이유)"),
            why=gettext_lazy("요청한 사람이 내려받을 수 있도록"),
            how_long=gettext_lazy("만든 뒤 PPURI_REPORT_JOB_HOURS(기본 24시간) 동안"),
        ),
    ),
)
