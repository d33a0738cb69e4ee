"""Operators configure a programme: its budget, caps, rules and installment schedule."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.core.activity import activity_log
from ppuri.incentives.models import MAX_BUDGET, MAX_HEADCOUNT, MAX_INSTALLMENT, Program
from ppuri.reference.models import Complex

MAX_INSTALLMENTS = 24
MAX_TENURE_MONTHS = 60


@dataclass
class ProgramInput:
    name: str
    budget: int
    headcount_cap: int
    per_company_cap: int
    per_root_company_cap: int
    age_min: int
    age_max: int
    hire_from: date
    hire_to: date
    min_employees: int
    installments: list[dict[str, int]]  # [{"month", "amount"}]
    complexes: list[Complex] = field(default_factory=list)
    incheon_residence_required: bool = True
    root_company_required: bool = True
    min_sales: int | None = None
    full_time_required: bool = True
    min_contract_months: int = 12
    description: str = ""


def _clean_schedule(installments: list[dict[str, Any]], errors: dict[str, str]) -> list[dict[str, int]]:
    if not installments:
        errors["installments"] = _("분할 지급 일정을 하나 이상 입력해 주세요.")
        return []
    if len(installments) > MAX_INSTALLMENTS:
        errors["installments"] = _("분할 지급은 %(max)d회까지입니다.") % {"max": MAX_INSTALLMENTS}
        return []
    schedule: list[dict[str, int]] = []
    for number, step in enumerate(installments, start=1):
        month, amount = step.get("month"), step.get("amount")
        if not isinstance(month, int) or not 1 <= month <= MAX_TENURE_MONTHS:
            errors["installments"] = _("%(n)d회차: 근속 개월은 1에서 %(max)d 사이여야 합니다.") % {
                "n": number,
                "max": MAX_TENURE_MONTHS,
            }
            return []
        if not isinstance(amount, int) or not 1 <= amount <= MAX_INSTALLMENT:
            errors["installments"] = _("%(n)d회차: 금액은 1원 이상 1억 원 이하의 정수여야 합니다.") % {
                "n": number
            }
            return []
        if schedule and month <= schedule[-1]["month"]:
            errors["installments"] = _("%(n)d회차: 근속 개월이 앞 회차보다 커야 합니다.") % {"n": number}
            return []
        schedule.append({"month": month, "amount": amount})
    return schedule


@transaction.atomic
def program_create(*, actor: Any, data: ProgramInput) -> Program:
    roles.refuse_unless(roles.is_operator(actor), _("장려금 사업은 운영기관만 만들 수 있습니다."))
    errors: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = _("사업명을 입력해 주세요.")
    elif len(name) > 200:
        errors["name"] = _("사업명은 200자까지 쓸 수 있습니다.")
    if not 1 <= data.budget <= MAX_BUDGET:
        errors["budget"] = _("예산은 1원 이상 10조 원 이하의 정수로 입력해 주세요.")
    for count_field in ("headcount_cap", "per_company_cap", "per_root_company_cap", "min_employees"):
        if not 0 <= getattr(data, count_field) <= MAX_HEADCOUNT:
            errors[count_field] = _("0에서 1,000,000 사이로 입력해 주세요.")
    if data.headcount_cap < 1:
        errors["headcount_cap"] = _("인원 한도는 1명 이상이어야 합니다.")
    if data.per_company_cap < 1:
        errors["per_company_cap"] = _("기업당 한도는 1명 이상이어야 합니다.")
    if data.per_root_company_cap < data.per_company_cap and "per_root_company_cap" not in errors:
        errors["per_root_company_cap"] = _("뿌리기업당 한도는 기업당 한도보다 작을 수 없습니다.")
    if not 0 <= data.age_min <= data.age_max <= 120:
        errors["age_max"] = _("나이 범위가 맞지 않습니다(최저 ≤ 최고).")
    if data.hire_from > data.hire_to:
        errors["hire_to"] = _("입사일 끝이 시작보다 앞섭니다.")
    if data.min_employees < 0:
        errors["min_employees"] = _("최소 근로자 수는 0 이상이어야 합니다.")
    if data.min_sales is not None and not 0 <= data.min_sales <= 10**15:
        errors["min_sales"] = _("최소 매출액은 0 이상이어야 합니다.")
    schedule = _clean_schedule(data.installments, errors)
    if not errors:
        per_person = sum(step["amount"] for step in schedule)
        if per_person > data.budget:
            errors["installments"] = _("1인 지급 총액(%(total)s원)이 예산보다 큽니다.") % {
                "total": f"{per_person:,}"
            }
    if errors:
        raise ValidationError(errors)
    program = Program.objects.create(
        name=name,
        description=data.description.strip(),
        budget=data.budget,
        headcount_cap=data.headcount_cap,
        per_company_cap=data.per_company_cap,
        per_root_company_cap=data.per_root_company_cap,
        age_min=data.age_min,
        age_max=data.age_max,
        incheon_residence_required=data.incheon_residence_required,
        root_company_required=data.root_company_required,
        min_employees=data.min_employees,
        min_sales=data.min_sales,
        full_time_required=data.full_time_required,
        min_contract_months=data.min_contract_months,
        hire_from=data.hire_from,
        hire_to=data.hire_to,
        schedule=schedule,
        created_by=actor,
    )
    program.complexes.set(data.complexes)
    activity_log(
        actor=actor,
        verb="incentives.program.created",
        target=program,
        summary=lambda: _("장려금 사업을 만들었습니다: %(name)s") % {"name": program.name},
    )
    return program
