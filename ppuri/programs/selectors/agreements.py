"""An agreement and its commitments as one viewer may see them: the rows come from
selectors.visibility, the actuals from programs.actuals, the status from programs.status.

What a figure shows depends on who reads it (core.disclosure): counts of people (experts, students,
young people, hires) under SMALL_COUNT are hidden from the public and from signed-in users outside the
programme; the programme's staff (accounts.roles.runs_programs), those who hold the rows
(sees_small_counts) and the partner's own editors for its own commitments see them exactly. Money is a
programme total and is shown to everyone who may see the commitment, and so are cases solved and the
figures partners report by hand."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from ppuri.accounts.roles import is_signed_in, runs_programs, sees_small_counts
from ppuri.core import clock
from ppuri.core.disclosure import count_shown
from ppuri.core.i18n import in_reader_language, reads_english
from ppuri.programs.actuals import PEOPLE_MEASURES, actual_of
from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Document, Partner
from ppuri.programs.selectors import visibility
from ppuri.programs.services.common import require_staff
from ppuri.programs.status import PeriodStatus, rule_text, status_shown

# --- fetching one object for a user -----------------------------------------------------------------


def agreement_get_for_user(*, user: Any, pk: int) -> Agreement:
    """404 for an agreement the viewer may not see (its existence is not told)."""
    found = visibility.agreements_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def agreement_get_for_edit(*, user: Any, pk: int) -> Agreement:
    agreement = agreement_get_for_user(user=user, pk=pk)
    require_staff(user)
    return agreement


def partner_get_for_edit(*, user: Any, agreement: Agreement, pk: int) -> Partner:
    found = visibility.partners_visible_to(user).filter(agreement=agreement, pk=pk).first()
    if found is None:
        raise Http404
    require_staff(user)
    return found


def commitment_get_for_user(*, user: Any, pk: int) -> Commitment:
    found = (
        visibility.commitments_visible_to(user)
        .filter(pk=pk)
        .select_related("agreement", "partner", "measure_organization")
        .first()
    )
    if found is None:
        raise Http404
    return found


def commitment_get_for_edit(*, user: Any, pk: int) -> Commitment:
    """The staff change a commitment itself and its periods' targets (403 for other viewers)."""
    commitment = commitment_get_for_user(user=user, pk=pk)
    require_staff(user)
    return commitment


def period_get_for_user(*, user: Any, commitment: Commitment, pk: int) -> CommitmentPeriod:
    """A period of this commitment (an id of another commitment's period under this one is a 404)."""
    found = visibility.periods_visible_to(user).filter(commitment=commitment, pk=pk).first()
    if found is None:
        raise Http404
    found.commitment = commitment
    return found


def _edited_partners(user: Any) -> set[int]:
    if not is_signed_in(user):
        return set()
    return set(Partner.objects.filter(editors=user).values_list("pk", flat=True))


def sees_exact_counts(user: Any, commitment: Commitment, edited_partners: set[int] | None = None) -> bool:
    if runs_programs(user) or sees_small_counts(user):
        return True
    edited = _edited_partners(user) if edited_partners is None else edited_partners
    return commitment.partner_id in edited


# --- figures ------------------------------------------------------------------------------------------


def period_label(period: CommitmentPeriod) -> str:
    """The period's name; English readers get its dates (the label is written in Korean)."""
    if reads_english():
        return f"{period.starts_on:%Y-%m-%d} – {period.ends_on:%Y-%m-%d}"
    return period.label


@dataclass
class Figure:
    """One period of a commitment as this viewer sees it."""

    period: CommitmentPeriod
    label: str
    target: int | None
    actual: int | None  # as shown: None when not reported yet, or hidden (suppressed)
    suppressed: bool
    source: str  # "records" or "manual"
    status: PeriodStatus
    evidence: str
    has_evidence_file: bool
    records_url: str


def figure_for(*, commitment: Commitment, period: CommitmentPeriod, exact: bool) -> Figure:
    actual = actual_of(commitment, period)
    shown = actual.value
    suppressed = False
    if shown is not None and commitment.measure in PEOPLE_MEASURES and not exact:
        shown = count_shown(shown, exact=False)
        suppressed = shown is None
    status = status_shown(
        target=period.target,
        actual=actual.value,
        suppressed=suppressed,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        today=clock.today(),
    )
    return Figure(
        period=period,
        label=period_label(period),
        target=period.target,
        actual=shown,
        suppressed=suppressed,
        source=actual.source,
        status=status,
        evidence=actual.evidence,
        has_evidence_file=bool(actual.evidence_file),
        records_url=reverse("programs:commitment_records", args=[commitment.pk, period.pk]),
    )


@dataclass
class CommitmentRow:
    commitment: Commitment
    title: str
    indicator: str
    partner: str
    figures: list[Figure]
    exact: bool
    may_report: bool  # a manual commitment: the staff and the partner's editors report its actuals

    @property
    def source_label(self) -> str:
        return _("기록 집계") if self.commitment.from_records else _("직접 입력")


def _row(commitment: Commitment, *, user: Any, edited: set[int], staff: bool) -> CommitmentRow:
    exact = staff or sees_small_counts(user) or commitment.partner_id in edited
    return CommitmentRow(
        commitment=commitment,
        title=in_reader_language(commitment.title, commitment.title_en),
        indicator=in_reader_language(commitment.indicator, commitment.indicator_en),
        partner=in_reader_language(commitment.partner.name, commitment.partner.name_en),
        figures=[
            figure_for(commitment=commitment, period=period, exact=exact)
            for period in commitment.periods.all()
        ],
        exact=exact,
        may_report=not commitment.from_records and (staff or commitment.partner_id in edited),
    )


def commitment_rows(*, user: Any, agreement: Agreement) -> list[CommitmentRow]:
    """The agreement's commitments this viewer may see, in order, each with its periods' figures."""
    commitments = (
        visibility.commitments_visible_to(user)
        .filter(agreement=agreement)
        .select_related("partner", "measure_organization")
        .prefetch_related(Prefetch("periods", queryset=CommitmentPeriod.objects.order_by("starts_on")))
        .order_by("order", "pk")
    )
    edited = _edited_partners(user)
    staff = runs_programs(user)
    return [_row(c, user=user, edited=edited, staff=staff) for c in commitments]


# --- the pages ------------------------------------------------------------------------------------------


@dataclass
class AgreementListRow:
    agreement: Agreement
    title: str
    commitments: int


def agreement_rows(*, user: Any) -> list[AgreementListRow]:
    visible = visibility.commitments_visible_to(user).values("pk")
    agreements = visibility.agreements_visible_to(user).annotate(
        shown_commitments=Count("commitments", filter=Q(commitments__in=visible), distinct=True)
    )
    return [
        AgreementListRow(
            agreement=a,
            title=in_reader_language(a.title, a.title_en),
            commitments=a.shown_commitments,
        )
        for a in agreements.order_by("-signed_on", "pk")
    ]


@dataclass
class PartnerRow:
    partner: Partner
    name: str
    role: str
    editors: list[Any] = field(default_factory=list)  # the staff only


@dataclass
class AgreementView:
    agreement: Agreement
    title: str
    summary: str
    partners: list[PartnerRow]
    documents: list[Document]
    rows: list[CommitmentRow]
    rule: str
    staff: bool


def agreement_view_for(*, user: Any, agreement: Agreement) -> AgreementView:
    staff = runs_programs(user)
    partners = (
        Partner.objects.filter(agreement=agreement).select_related("organization").order_by("order", "pk")
    )
    if staff:
        partners = partners.prefetch_related("editors")
    return AgreementView(
        agreement=agreement,
        title=in_reader_language(agreement.title, agreement.title_en),
        summary=in_reader_language(agreement.summary, agreement.summary_en),
        partners=[
            PartnerRow(
                partner=p,
                name=in_reader_language(p.name, p.name_en),
                role=in_reader_language(p.role, p.role_en),
                editors=list(p.editors.all()) if staff else [],
            )
            for p in partners
        ],
        documents=list(
            visibility.documents_visible_to(user).filter(agreement=agreement).order_by("-dated", "pk")
        ),
        rows=commitment_rows(user=user, agreement=agreement),
        rule=rule_text(),
        staff=staff,
    )


@dataclass
class CommitmentView:
    row: CommitmentRow
    agreement_title: str
    rule: str
    staff: bool
    may_see_evidence_files: bool


def commitment_view_for(*, user: Any, commitment: Commitment) -> CommitmentView:
    edited = _edited_partners(user)
    staff = runs_programs(user)
    return CommitmentView(
        row=_row(commitment, user=user, edited=edited, staff=staff),
        agreement_title=in_reader_language(commitment.agreement.title, commitment.agreement.title_en),
        rule=rule_text(),
        staff=staff,
        may_see_evidence_files=staff or commitment.partner_id in edited,
    )


def may_download_evidence(user: Any, commitment: Commitment) -> bool:
    """A period's evidence file may name people or hold internal figures: the staff and the partner's
    own editors download it; everyone else reads the evidence's description."""
    return visibility.may_edit_commitment(user, commitment)
