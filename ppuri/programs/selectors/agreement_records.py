"""The records behind one figure of a commitment, as one viewer may see them: the rows programs.actuals
counted, intersected with the visibility rules of the app that holds them (actuals.records_behind), a
page at a time, people's names masked as those apps mask them in lists (core.text.mask_name).

A viewer who may not see the rows reads the figure and a sentence saying the rows are not shown to
them; a figure hidden as a small count (core.disclosure) lists no rows either, since the rows would
count it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ppuri.core.i18n import in_reader_language
from ppuri.core.text import mask_name
from ppuri.programs.actuals import RECORDS, records_behind
from ppuri.programs.models import Commitment, CommitmentPeriod
from ppuri.programs.selectors.agreements import Figure, figure_for, sees_exact_counts

PAGE_SIZE = 50
Measure = Commitment.Measure


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    numeric: bool = False


def _date(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _local_date(value: Any) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%Y-%m-%d}" if value else "—"


def _organization(organization: Any) -> str:
    return organization.display_name if organization is not None else "—"


def _experts(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("organization").order_by("name", "pk")


def _expert(expert: Any) -> list[Cell]:
    return [
        Cell(expert.name, expert.get_absolute_url()),
        Cell(_organization(expert.organization)),
        Cell(" · ".join(part for part in (expert.department, expert.title) if part) or "—"),
    ]


def _cases(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("company").order_by("-resolved_at", "-pk")


def _case(case: Any) -> list[Cell]:
    return [
        Cell(case.title, case.get_absolute_url()),
        Cell(_organization(case.company)),
        Cell(_local_date(case.resolved_at)),
    ]


def _students(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("cohort").order_by("name", "pk")


def _student(student: Any) -> list[Cell]:
    return [
        Cell(mask_name(student.name)),
        Cell(str(student.cohort)),
        Cell(student.get_status_display()),
    ]


def _applications(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("company", "program").order_by("-decided_at", "-pk")


def _application(application: Any) -> list[Cell]:
    return [
        Cell(mask_name(application.person_name) or "—", application.get_absolute_url()),
        Cell(_organization(application.company)),
        Cell(application.program.name),
        Cell(_local_date(application.decided_at)),
    ]


def _installments(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("case__program").order_by("-paid_on", "-pk")


def _installment(installment: Any) -> list[Cell]:
    return [
        Cell(str(installment.case), installment.case.get_absolute_url()),
        Cell(_("%(n)d회차(근속 %(months)d개월)") % {"n": installment.number, "months": installment.month}),
        Cell(f"{installment.amount:,}", numeric=True),
        Cell(_date(installment.paid_on)),
        Cell(installment.get_status_display()),
    ]


def _employments(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.select_related("company").order_by("-hired_on", "-pk")


def _employment(employment: Any) -> list[Cell]:
    return [
        Cell(_organization(employment.company)),
        Cell(_date(employment.hired_on)),
        Cell(_date(employment.separated_on) if employment.separated_on else _("재직 중")),
        Cell(employment.get_source_display()),
    ]


@dataclass(frozen=True)
class Listing:
    columns: Callable[[], list[str]]
    prepare: Callable[[QuerySet[Any]], QuerySet[Any]]
    row: Callable[[Any], list[Cell]]


def _employment_columns() -> list[str]:
    return [_("기업"), _("입사일"), _("퇴사일"), _("채용 경로")]


LISTINGS: dict[str, Listing] = {
    Measure.EXPERTS_ACTIVE: Listing(lambda: [_("전문가"), _("소속 기관"), _("부서·직위")], _experts, _expert),
    Measure.CASES_SOLVED: Listing(lambda: [_("과제"), _("기업"), _("결과 보고일")], _cases, _case),
    Measure.STUDENTS_ENROLLED: Listing(lambda: [_("이름"), _("기수"), _("학적 상태")], _students, _student),
    Measure.YOUTH_APPROVED: Listing(
        lambda: [_("이름"), _("기업"), _("장려금 사업"), _("승인일")], _applications, _application
    ),
    Measure.YOUTH_PAID_KRW: Listing(
        lambda: [_("지원 대상"), _("회차"), _("금액(원)"), _("지급일"), _("상태")],
        _installments,
        _installment,
    ),
    Measure.HIRES: Listing(_employment_columns, _employments, _employment),
    Measure.HIRES_RETAINED_12M: Listing(_employment_columns, _employments, _employment),
}


@dataclass
class RecordsView:
    commitment: Commitment
    period: CommitmentPeriod
    title: str
    indicator: str
    figure: Figure
    columns: list[str]
    rows: list[list[Cell]]
    page: Page[Any] | None
    counted: int  # rows behind the figure (before the viewer's visibility)
    shown: int  # of those, the rows this viewer may see
    notice: str  # why rows are missing, or ""


def records_view_for(
    *, user: Any, commitment: Commitment, period: CommitmentPeriod, page_number: Any = 1
) -> RecordsView:
    figure = figure_for(commitment=commitment, period=period, exact=sees_exact_counts(user, commitment))
    view = RecordsView(
        commitment=commitment,
        period=period,
        title=in_reader_language(commitment.title, commitment.title_en),
        indicator=in_reader_language(commitment.indicator, commitment.indicator_en),
        figure=figure,
        columns=[],
        rows=[],
        page=None,
        counted=0,
        shown=0,
        notice="",
    )
    if not commitment.from_records:
        view.notice = _(
            "이 실적은 담당 기관이 증빙과 함께 직접 입력한 수치입니다. Ppuri 기록에서 집계하지 않으므로 "
            "기록 목록이 없습니다."
        )
        return view
    if figure.suppressed:
        view.notice = _("5 미만인 수치는 공개하지 않으므로, 그 수치를 이루는 기록도 보여 드리지 않습니다.")
        return view
    listing = LISTINGS[commitment.measure]
    view.columns = listing.columns()
    view.counted = RECORDS[commitment.measure](commitment, period).count()
    visible = listing.prepare(records_behind(user=user, commitment=commitment, period=period))
    view.page = Paginator(visible, PAGE_SIZE).get_page(page_number)
    view.shown = view.page.paginator.count
    view.rows = [listing.row(record) for record in view.page.object_list]
    hidden = view.counted - view.shown
    if hidden and not view.shown:
        view.notice = _(
            "이 수치를 이루는 기록 %(n)d건은 볼 권한이 있는 담당자에게만 보입니다. 수치만 보여 드립니다."
        ) % {"n": hidden}
    elif hidden:
        view.notice = _("이 수치를 이루는 기록 가운데 %(n)d건은 볼 권한이 없어 목록에서 뺐습니다.") % {
            "n": hidden
        }
    return view
