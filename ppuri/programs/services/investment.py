"""Writes of the investment pipeline beside the Seobu free-economic-zone bid: a lead under its code
name, its edits and its moves between stages, each move kept as a history row.

The pipeline is confidential. The change log names a lead by its code name only: the investor's real
name never reaches an ActivityLog row (whose summaries and data other pages and exports read)."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ppuri.accounts.roles import runs_programs
from ppuri.core.activity import activity_log
from ppuri.programs.models import Lead, LeadStageChange
from ppuri.programs.services.common import require_staff
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization

Stage = Lead.Stage

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# The database's columns bound these: a BigIntegerField and PositiveIntegerFields.
MAX_AMOUNT = 10**15
MAX_JOBS = 100_000
MAX_AREA_M2 = 2**31 - 1


@dataclass
class LeadInput:
    """A lead as typed: references resolved by the caller (form or API) into rows."""

    code_name: str
    investor_name: str = ""
    origin: str = Lead.Origin.FOREIGN
    country: str = ""
    sector: str = Lead.Sector.OTHER
    technologies: list[Technology] = field(default_factory=list)
    summary: str = ""
    summary_en: str = ""
    investment_usd: int | None = None
    investment_krw: int | None = None
    jobs: int | None = None
    incentives_asked: str = ""
    site_needs: str = ""
    site_area_m2: int | None = None
    complex: Complex | None = None
    organization: Organization | None = None
    officer: Any = None
    next_step: str = ""
    next_step_on: date | None = None


def _max_length(errors: dict[str, str], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = _("%(limit)d자까지 쓸 수 있습니다.") % {"limit": limit}


def _in_range(errors: dict[str, str], name: str, value: int | None, limit: int) -> None:
    if value is not None and not 0 <= value <= limit:
        errors[name] = _("0에서 %(limit)s 사이의 정수로 입력해 주세요.") % {"limit": f"{limit:,}"}


def _clean(data: LeadInput, lead: Lead | None = None) -> dict[str, Any]:
    """The lead's fields, or a ValidationError naming each bad one (the API's field names)."""
    errors: dict[str, str] = {}
    code_name = data.code_name.strip()
    if not code_name:
        errors["code_name"] = _("코드명을 입력해 주세요.")
    else:
        _max_length(errors, "code_name", code_name, 60)
        taken = Lead.objects.filter(code_name__iexact=code_name)
        if lead is not None:
            taken = taken.exclude(pk=lead.pk)
        if "code_name" not in errors and taken.exists():
            errors["code_name"] = _("이미 쓰고 있는 코드명입니다. 다른 코드명을 정해 주세요.")
    _max_length(errors, "investor_name", data.investor_name.strip(), 200)
    if data.origin not in Lead.Origin.values:
        errors["origin"] = _("구분을 고르세요: 외국인 투자, 국내 기업 신규 투자, 기존 기업 확장·이전.")
    if data.sector not in Lead.Sector.values:
        errors["sector"] = _("업종을 목록에서 고르세요.")
    country = data.country.strip().upper()
    if country and not _COUNTRY.match(country):
        errors["country"] = _("국가는 ISO 3166 두 글자 코드로 입력해 주세요(예: US, DE, JP).")
    for name in ("summary", "summary_en", "incentives_asked", "site_needs"):
        _max_length(errors, name, str(getattr(data, name)).strip(), 10_000)
    _max_length(errors, "next_step", data.next_step.strip(), 300)
    _in_range(errors, "investment_usd", data.investment_usd, MAX_AMOUNT)
    _in_range(errors, "investment_krw", data.investment_krw, MAX_AMOUNT)
    _in_range(errors, "jobs", data.jobs, MAX_JOBS)
    _in_range(errors, "site_area_m2", data.site_area_m2, MAX_AREA_M2)
    if data.officer is not None and not runs_programs(data.officer):
        errors["officer"] = _("담당관은 운영기관이나 인천시(경제자유구역청) 담당자 중에서 고르세요.")
    if data.organization is not None and data.organization.kind != Organization.Kind.COMPANY:
        errors["organization"] = _("기존 기업에는 등록된 기업만 고를 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    return {
        "code_name": code_name,
        "investor_name": data.investor_name.strip(),
        "origin": data.origin,
        "country": country,
        "sector": data.sector,
        "summary": data.summary.strip(),
        "summary_en": data.summary_en.strip(),
        "investment_usd": data.investment_usd,
        "investment_krw": data.investment_krw,
        "jobs": data.jobs,
        "incentives_asked": data.incentives_asked.strip(),
        "site_needs": data.site_needs.strip(),
        "site_area_m2": data.site_area_m2,
        "complex": data.complex,
        "organization": data.organization,
        "officer": data.officer,
        "next_step": data.next_step.strip(),
        "next_step_on": data.next_step_on,
    }


@transaction.atomic
def lead_create(*, actor: Any, data: LeadInput) -> Lead:
    """A new lead at the first stage, with the first row of its history."""
    require_staff(actor)
    lead = Lead(created_by=actor, stage=Stage.LEAD, **_clean(data))
    lead.full_clean(exclude=["technologies", "created_by", "officer", "organization", "complex"])
    lead.save()
    lead.technologies.set(data.technologies)
    LeadStageChange.objects.create(
        lead=lead, from_stage="", to_stage=Stage.LEAD, note=_("등록"), changed_by=actor
    )
    activity_log(
        actor=actor,
        verb="programs.lead.created",
        target=lead,
        summary=lambda: _("투자 유치 대상을 등록했습니다: %(code)s") % {"code": lead.code_name},
    )
    return lead


@transaction.atomic
def lead_update(*, actor: Any, lead: Lead, data: LeadInput) -> Lead:
    """Everything but the stage, which moves through lead_stage_set (and its history)."""
    require_staff(actor)
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    values = _clean(data, lead)
    changed = sorted(name for name, value in values.items() if getattr(lead, name) != value)
    for name, value in values.items():
        setattr(lead, name, value)
    lead.full_clean(exclude=["technologies", "created_by", "officer", "organization", "complex"])
    lead.save()
    before = set(lead.technologies.values_list("pk", flat=True))
    lead.technologies.set(data.technologies)
    if before != {t.pk for t in data.technologies}:
        changed.append("technologies")
    activity_log(
        actor=actor,
        verb="programs.lead.updated",
        target=lead,
        summary=lambda: _("투자 유치 대상을 고쳤습니다: %(code)s") % {"code": lead.code_name},
        # Field names only: the values (the investor's name among them) stay on the lead.
        data={"fields": changed},
    )
    return lead


@transaction.atomic
def lead_stage_set(*, actor: Any, lead: Lead, stage: str, note: str = "", lost_reason: str = "") -> Lead:
    """Move a lead to any stage (a deal may skip or fall back a step), with a note; a lost lead says
    why. Each move is a row of the lead's history."""
    require_staff(actor)
    errors: dict[str, str] = {}
    note, lost_reason = note.strip(), lost_reason.strip()
    if stage not in Stage.values:
        errors["stage"] = _("단계를 목록에서 고르세요.")
    _max_length(errors, "note", note, 300)
    _max_length(errors, "lost_reason", lost_reason, 300)
    if stage == Stage.LOST and not lost_reason:
        errors["lost_reason"] = _("무산으로 옮기려면 무산 사유를 적어 주세요.")
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if "stage" not in errors and stage == lead.stage:
        errors["stage"] = _("이미 이 단계에 있습니다.")
    if errors:
        raise ValidationError(errors)
    before = lead.stage
    lead.stage = stage
    # A reason belongs to the loss: a lead revived leaves it behind (its history keeps the note).
    lead.lost_reason = lost_reason if stage == Stage.LOST else ""
    lead.save(update_fields=["stage", "lost_reason", "updated_at"])
    LeadStageChange.objects.create(
        lead=lead,
        from_stage=before,
        to_stage=stage,
        note=note or (lost_reason if stage == Stage.LOST else ""),
        changed_by=actor,
    )
    activity_log(
        actor=actor,
        verb="programs.lead.stage_changed",
        target=lead,
        summary=lambda: (
            _("%(code)s의 단계를 %(from)s에서 %(to)s(으)로 옮겼습니다.")
            % {"code": lead.code_name, "from": Stage(before).label, "to": Stage(stage).label}
        ),
        data={"from": before, "to": stage},
    )
    return lead
