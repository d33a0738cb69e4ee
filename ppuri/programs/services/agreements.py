"""Agreements, their partners and editors, commitments, periods and documents: the programme's staff
(services.common.require_staff) write them here; a partner's editors report their own manual
commitments' actuals (`period_report`, selectors.visibility.may_edit_commitment). Every change is
logged, each refusal names its field, and nothing is half-written."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core import clock, files
from ppuri.core.activity import activity_log
from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Document, Partner
from ppuri.programs.selectors.visibility import may_edit_commitment
from ppuri.programs.services.common import clean_model, require_staff
from ppuri.registry.models import Organization

# Above any figure a commitment will hold (1,000조 원) and well inside a BigIntegerField.
MAX_FIGURE = 10**15
EVIDENCE_KINDS = ("pdf", "png", "jpeg")


def _required(value: Any) -> bool:
    return not str(value or "").strip()


def _missing() -> str:
    return _("이 항목을 입력해 주세요.")


def _fill(obj: Any, data: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Copy `names` from data to obj (strings stripped); the values before, for the log."""
    before = {}
    for name in names:
        before[name] = getattr(obj, f"{name}_id", None) if _is_relation(obj, name) else getattr(obj, name)
        value = getattr(data, name)
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    return before


def _is_relation(obj: Any, name: str) -> bool:
    return obj._meta.get_field(name).is_relation


def _changes(obj: Any, before: dict[str, Any]) -> dict[str, Any]:
    changed = {}
    for name, old in before.items():
        new = getattr(obj, f"{name}_id") if _is_relation(obj, name) else getattr(obj, name)
        if new != old:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _figure_error(value: Any, label: str) -> str | None:
    """Why a target, a baseline or an actual cannot be stored, naming it; None when it can."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _("%(field)s: 숫자로 적어 주세요.") % {"field": label}
    if value < 0:
        return _("%(field)s: 0 이상이어야 합니다.") % {"field": label}
    if value > MAX_FIGURE:
        return _("%(field)s: 너무 큰 수입니다.") % {"field": label}
    return None


# --- agreements ---------------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    slug: str
    title: str
    signed_on: date | None
    title_en: str = ""
    ends_on: date | None = None
    place: str = ""
    summary: str = ""
    summary_en: str = ""
    source: str = ""
    public: bool = True


AGREEMENT_FIELDS = (
    "slug",
    "title",
    "title_en",
    "signed_on",
    "ends_on",
    "place",
    "summary",
    "summary_en",
    "source",
    "public",
)


def _agreement_errors(data: AgreementInput) -> dict[str, str]:
    errors = {name: _missing() for name in ("slug", "title", "signed_on") if _required(getattr(data, name))}
    if data.signed_on and data.ends_on and data.ends_on < data.signed_on:
        errors["ends_on"] = _("종료일은 체결일보다 앞설 수 없습니다.")
    return errors


@transaction.atomic
def agreement_create(*, actor: Any, data: AgreementInput) -> Agreement:
    require_staff(actor)
    agreement = Agreement()
    _fill(agreement, data, AGREEMENT_FIELDS)
    clean_model(agreement, _agreement_errors(data))
    agreement.save()
    activity_log(
        actor=actor,
        verb="programs.agreement.created",
        target=agreement,
        summary=lambda: _("협약을 등록했습니다: %(title)s") % {"title": agreement.title},
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, data: AgreementInput) -> Agreement:
    require_staff(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = _fill(agreement, data, AGREEMENT_FIELDS)
    clean_model(agreement, _agreement_errors(data))
    changed = _changes(agreement, before)
    if changed:
        agreement.save()
        activity_log(
            actor=actor,
            verb="programs.agreement.updated",
            target=agreement,
            summary=lambda: _("협약 정보를 고쳤습니다: %(title)s") % {"title": agreement.title},
            data={"changed": changed},
        )
    return agreement


# --- partners and their editors -----------------------------------------------------------------------


@dataclass
class PartnerInput:
    name: str
    name_en: str = ""
    organization: Organization | None = None
    role: str = ""
    role_en: str = ""
    order: int = 0
    # Usernames or e-mail addresses of existing accounts; None leaves the editors as they are.
    editors: list[str] | None = field(default=None)


PARTNER_FIELDS = ("name", "name_en", "organization", "role", "role_en", "order")


def _accounts(identifiers: list[str]) -> tuple[list[Any], str | None]:
    """The accounts named by username or e-mail, or an error naming those not found (or not unique)."""
    User = get_user_model()
    found, unknown, ambiguous = [], [], []
    for identifier in dict.fromkeys(i.strip() for i in identifiers if i.strip()):
        user = User.objects.filter(username=identifier, is_active=True).first()
        if user is None:
            matches = list(User.objects.filter(email__iexact=identifier, is_active=True)[:2])
            if len(matches) > 1:
                ambiguous.append(identifier)
                continue
            user = matches[0] if matches else None
        if user is None:
            unknown.append(identifier)
        else:
            found.append(user)
    if unknown:
        return found, _("이런 아이디나 전자우편의 계정이 없습니다: %(names)s") % {"names": ", ".join(unknown)}
    if ambiguous:
        return found, _("같은 전자우편을 쓰는 계정이 여럿입니다. 아이디로 적어 주세요: %(names)s") % {
            "names": ", ".join(ambiguous)
        }
    return found, None


def _partner_errors(partner: Partner, data: PartnerInput) -> tuple[dict[str, str], list[Any] | None]:
    errors = {"name": _missing()} if _required(data.name) else {}
    name = (data.name or "").strip()
    if (
        name
        and Partner.objects.filter(agreement=partner.agreement, name=name).exclude(pk=partner.pk).exists()
    ):
        errors["name"] = _("이 협약에 같은 이름의 기관이 이미 있습니다.")
    editors = None
    if data.editors is not None:
        editors, problem = _accounts(data.editors)
        if problem:
            errors["editors"] = problem
    return errors, editors


def _save_editors(partner: Partner, editors: list[Any] | None) -> dict[str, Any]:
    if editors is None:
        return {}
    before = sorted(partner.editors.values_list("username", flat=True))
    partner.editors.set(editors)
    after = sorted(user.username for user in editors)
    return {"editors": [before, after]} if before != after else {}


@transaction.atomic
def partner_add(*, actor: Any, agreement: Agreement, data: PartnerInput) -> Partner:
    require_staff(actor)
    partner = Partner(agreement=agreement)
    _fill(partner, data, PARTNER_FIELDS)
    errors, editors = _partner_errors(partner, data)
    clean_model(partner, errors, exclude=["agreement"])
    partner.save()
    _save_editors(partner, editors)
    activity_log(
        actor=actor,
        verb="programs.partner.added",
        target=partner,
        scope=agreement,
        summary=lambda: _("협약 기관을 추가했습니다: %(name)s") % {"name": partner.name},
        data={"editors": sorted(user.username for user in editors or [])},
    )
    return partner


@transaction.atomic
def partner_update(*, actor: Any, partner: Partner, data: PartnerInput) -> Partner:
    require_staff(actor)
    partner = Partner.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=partner.pk)
    before = _fill(partner, data, PARTNER_FIELDS)
    errors, editors = _partner_errors(partner, data)
    clean_model(partner, errors, exclude=["agreement"])
    changed = _changes(partner, before)
    if changed:
        partner.save()
    changed |= _save_editors(partner, editors)
    if changed:
        activity_log(
            actor=actor,
            verb="programs.partner.updated",
            target=partner,
            scope=partner.agreement,
            summary=lambda: _("협약 기관 정보를 고쳤습니다: %(name)s") % {"name": partner.name},
            data={"changed": changed},
        )
    return partner


# --- commitments -----------------------------------------------------------------------------------------


@dataclass
class CommitmentInput:
    partner: Partner | None
    code: str
    title: str
    indicator: str
    unit: str
    baseline: int = 0
    measure: str = Commitment.Measure.MANUAL
    measure_organization: Organization | None = None
    title_en: str = ""
    indicator_en: str = ""
    cumulative: bool = True
    verification: str = Commitment.Verification.UNVERIFIED
    source: str = ""
    public: bool = True
    order: int = 0


COMMITMENT_FIELDS = (
    "partner",
    "code",
    "title",
    "title_en",
    "indicator",
    "indicator_en",
    "unit",
    "baseline",
    "measure",
    "measure_organization",
    "cumulative",
    "verification",
    "source",
    "public",
    "order",
)


def _commitment_errors(commitment: Commitment, data: CommitmentInput) -> dict[str, str]:
    errors = {
        name: _missing()
        for name in ("partner", "code", "title", "indicator", "unit")
        if _required(getattr(data, name))
    }
    if data.partner is not None and data.partner.agreement_id != commitment.agreement_id:
        errors["partner"] = _("이 협약의 기관이 아닙니다.")
    code = (data.code or "").strip()
    if code and (
        Commitment.objects.filter(agreement_id=commitment.agreement_id, code=code)
        .exclude(pk=commitment.pk)
        .exists()
    ):
        errors["code"] = _("이 협약에 같은 번호의 약속이 이미 있습니다.")
    problem = _figure_error(data.baseline, _("기준값"))
    if problem:
        errors["baseline"] = problem
    return errors


@transaction.atomic
def commitment_create(*, actor: Any, agreement: Agreement, data: CommitmentInput) -> Commitment:
    require_staff(actor)
    commitment = Commitment(agreement=agreement)
    _fill(commitment, data, COMMITMENT_FIELDS)
    clean_model(commitment, _commitment_errors(commitment, data), exclude=["agreement", "partner"])
    commitment.save()
    activity_log(
        actor=actor,
        verb="programs.commitment.created",
        target=commitment,
        scope=agreement,
        summary=lambda: (
            _("협약 이행 약속을 등록했습니다: %(code)s %(title)s")
            % {"code": commitment.code, "title": commitment.title}
        ),
    )
    return commitment


@transaction.atomic
def commitment_update(*, actor: Any, commitment: Commitment, data: CommitmentInput) -> Commitment:
    require_staff(actor)
    commitment = (
        Commitment.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=commitment.pk)
    )
    before = _fill(commitment, data, COMMITMENT_FIELDS)
    clean_model(commitment, _commitment_errors(commitment, data), exclude=["agreement", "partner"])
    changed = _changes(commitment, before)
    if changed:
        commitment.save()
        activity_log(
            actor=actor,
            verb="programs.commitment.updated",
            target=commitment,
            scope=commitment.agreement,
            summary=lambda: (
                _("협약 이행 약속을 고쳤습니다: %(code)s %(title)s")
                % {"code": commitment.code, "title": commitment.title}
            ),
            data={"changed": changed},
        )
    return commitment


# --- periods: targets by the staff, manual actuals by the partner ------------------------------------------


@dataclass
class PeriodInput:
    label: str
    starts_on: date | None
    ends_on: date | None
    target: int | None = None


PERIOD_FIELDS = ("label", "starts_on", "ends_on", "target")


def _period_errors(period: CommitmentPeriod, data: PeriodInput) -> dict[str, str]:
    errors = {
        name: _missing() for name in ("label", "starts_on", "ends_on") if _required(getattr(data, name))
    }
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = _("기간 종료일은 시작일보다 앞설 수 없습니다.")
    if (
        data.starts_on
        and CommitmentPeriod.objects.filter(commitment_id=period.commitment_id, starts_on=data.starts_on)
        .exclude(pk=period.pk)
        .exists()
    ):
        errors["starts_on"] = _("이 약속에 같은 날 시작하는 기간이 이미 있습니다.")
    problem = _figure_error(data.target, _("목표"))
    if problem:
        errors["target"] = problem
    return errors


@transaction.atomic
def period_add(*, actor: Any, commitment: Commitment, data: PeriodInput) -> CommitmentPeriod:
    require_staff(actor)
    period = CommitmentPeriod(commitment=commitment)
    _fill(period, data, PERIOD_FIELDS)
    clean_model(period, _period_errors(period, data), exclude=["commitment", "reported_by"])
    period.save()
    activity_log(
        actor=actor,
        verb="programs.period.added",
        target=period,
        scope=commitment,
        summary=lambda: (
            _("%(code)s번 약속에 기간을 추가했습니다: %(label)s")
            % {"code": commitment.code, "label": period.label}
        ),
        data={"target": period.target},
    )
    return period


@transaction.atomic
def period_update(*, actor: Any, period: CommitmentPeriod, data: PeriodInput) -> CommitmentPeriod:
    """The staff change a period's name, dates or target; the change is logged with the old target."""
    require_staff(actor)
    period = (
        CommitmentPeriod.objects.select_for_update(of=("self",))
        .select_related("commitment")
        .get(pk=period.pk)
    )
    before = _fill(period, data, PERIOD_FIELDS)
    clean_model(period, _period_errors(period, data), exclude=["commitment", "reported_by"])
    changed = _changes(period, before)
    if changed:
        period.save()
        activity_log(
            actor=actor,
            verb="programs.period.updated",
            target=period,
            scope=period.commitment,
            summary=lambda: (
                _("%(code)s번 약속의 기간 ‘%(label)s’을(를) 고쳤습니다.")
                % {"code": period.commitment.code, "label": period.label}
            ),
            data={"changed": changed},
        )
    return period


def _evidence_file_error(upload: Any) -> str | None:
    try:
        kind = files.check(upload)
    except ValidationError as exc:
        return exc.messages[0]
    if kind not in EVIDENCE_KINDS:
        return _("증빙 파일은 PDF, PNG, JPEG만 올릴 수 있습니다.")
    return None


@transaction.atomic
def period_report(
    *, actor: Any, period: CommitmentPeriod, actual: Any, evidence: str, evidence_file: Any = None
) -> CommitmentPeriod:
    """A manual commitment's actual for one period, with its evidence (a description, required, and a
    checked file, optional: a file reported before stays unless a new one is given). The staff and the
    partner's editors report; a figure Ppuri counts from its records cannot be typed over."""
    period = (
        CommitmentPeriod.objects.select_for_update(of=("self",))
        .select_related("commitment__partner")
        .get(pk=period.pk)
    )
    commitment = period.commitment
    if not may_edit_commitment(actor, commitment):
        raise PermissionDenied(
            _("이 약속의 실적은 사업 담당자와 담당 기관의 입력 담당자만 입력할 수 있습니다.")
        )
    if commitment.from_records:
        raise ValidationError(
            {
                "actual": _(
                    "이 약속의 실적은 Ppuri 기록(%(measure)s)에서 집계되므로 직접 입력할 수 없습니다."
                )
                % {"measure": commitment.get_measure_display()}
            }
        )
    errors: dict[str, str] = {}
    if actual is None or actual == "":
        errors["actual"] = _("실적을 입력해 주세요.")
    else:
        problem = _figure_error(actual, _("실적"))
        if problem:
            errors["actual"] = problem
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = _(
            "증빙 설명을 적어 주세요(자료 이름, 기준일, 출처 등). 실적은 증빙과 함께 입력합니다."
        )
    if evidence_file is not None:
        problem = _evidence_file_error(evidence_file)
        if problem:
            errors["evidence_file"] = problem
    if period.starts_on > clock.today():
        errors.setdefault("actual", _("기간이 시작되기 전에는 실적을 입력할 수 없습니다."))
    before = period.manual_actual
    period.manual_actual = actual if "actual" not in errors else before
    period.evidence = evidence
    clean_model(period, errors, exclude=["commitment", "reported_by", "evidence_file"])
    if evidence_file is not None:
        period.evidence_file = evidence_file
    period.reported_by = actor
    period.reported_at = timezone.now()
    period.save()
    activity_log(
        actor=actor,
        verb="programs.period.reported",
        target=period,
        scope=commitment,
        summary=lambda: (
            _("%(code)s번 약속의 ‘%(label)s’ 실적을 입력했습니다: %(actual)s%(unit)s")
            % {
                "code": commitment.code,
                "label": period.label,
                "actual": f"{actual:,}",
                "unit": commitment.unit,
            }
        ),
        data={"before": before, "after": actual, "file": bool(evidence_file)},
    )
    return period


# --- documents -------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_document_add(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    upload: Any = None,
    url: str = "",
    dated: date | None = None,
    public: bool = False,
) -> Document:
    """An agreement's document: a checked upload (core.files) or a link, never both; `public` documents
    show to everyone who may see the agreement."""
    require_staff(actor)
    errors = {"title": _missing()} if _required(title) else {}
    url = (url or "").strip()
    if upload is None and not url:
        errors["file"] = _("파일을 올리거나 링크를 입력해 주세요.")
    elif upload is not None and url:
        errors["url"] = _("파일과 링크 가운데 하나만 주세요.")
    elif upload is not None:
        try:
            files.check(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages[0]
    document = Document(
        agreement=agreement,
        title=(title or "").strip(),
        dated=dated,
        url=url,
        public=public,
        uploaded_by=actor,
    )
    clean_model(document, errors, exclude=["file", "project", "agreement", "milestone", "uploaded_by"])
    if upload is not None:
        document.file = upload
    document.save()
    activity_log(
        actor=actor,
        verb="programs.document.added",
        target=document,
        scope=agreement,
        summary=lambda: _("협약 문서를 등록했습니다: %(title)s") % {"title": document.title},
    )
    return document
