"""Eligibility for a programme, as data: each rule reads the programme's settings and the application,
and answers passed or not with the figures it used. What is stored is the rule's key, the verdict and
those figures; the words are made when read (`explain`), in the reader's language, so the company, the
labor office and the young person read the same rule and the same reason.

Age (만 나이) at the hire date is counted from the birth year-month alone, the only age data collected.
Where the birthday's day decides, the rule takes the reading that favours the young person: for the
lower bound the earliest birthday of the month (the 1st), for the upper bound the latest (its last
day). So someone born in 1991-07 is 34 on every day up to 2026-07-30 and at most 35 from 2026-07-31.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ppuri.incentives.models import Program


@dataclass(frozen=True)
class Facts:
    """What the rules read of one application."""

    birth_year: int
    birth_month: int
    hire_date: date
    incheon_resident: bool
    root_company: bool
    complex_id: int | None
    employees: int
    annual_sales: int | None
    full_time: bool
    contract_months: int
    seen_before: bool  # the same person has an approved or waiting application in this programme


def age_on(day: date, *, born: date) -> int:
    """만 나이 on `day` of someone born on `born`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def youngest_and_oldest(facts: Facts) -> tuple[int, int]:
    """The person's possible 만 나이 on the hire date: (if born on the month's last day, if born on
    the 1st)."""
    last = calendar.monthrange(facts.birth_year, facts.birth_month)[1]
    youngest = age_on(facts.hire_date, born=date(facts.birth_year, facts.birth_month, last))
    oldest = age_on(facts.hire_date, born=date(facts.birth_year, facts.birth_month, 1))
    return youngest, oldest


def evaluate(program: Program, facts: Facts, complex_ids: set[int]) -> list[dict[str, Any]]:
    """Every rule of the programme, in the order a person reads them: [{"rule", "passed", "params"}]."""
    youngest, oldest = youngest_and_oldest(facts)
    checks: list[tuple[str, bool, dict[str, Any]]] = [
        (
            "age",
            oldest >= program.age_min and youngest <= program.age_max,
            {"min": program.age_min, "max": program.age_max, "youngest": youngest, "oldest": oldest},
        ),
    ]
    if program.incheon_residence_required:
        checks.append(("incheon_residence", facts.incheon_resident, {}))
    if program.root_company_required:
        checks.append(("root_company", facts.root_company, {}))
    if complex_ids:
        checks.append(("complex", facts.complex_id in complex_ids, {"complex_ids": sorted(complex_ids)}))
    checks.append(
        (
            "employees",
            facts.employees >= program.min_employees,
            {"min": program.min_employees, "value": facts.employees},
        )
    )
    if program.min_sales is not None:
        checks.append(
            (
                "sales",
                facts.annual_sales is not None and facts.annual_sales >= program.min_sales,
                {"min": program.min_sales, "value": facts.annual_sales},
            )
        )
    if program.full_time_required:
        checks.append(("full_time", facts.full_time, {}))
    if program.min_contract_months:
        # 0 months: no fixed term (a permanent contract), which always runs long enough.
        long_enough = facts.contract_months == 0 or facts.contract_months >= program.min_contract_months
        checks.append(
            (
                "contract_months",
                long_enough,
                {"min": program.min_contract_months, "value": facts.contract_months},
            )
        )
    checks.append(
        (
            "hire_window",
            program.hire_from <= facts.hire_date <= program.hire_to,
            {
                "from": program.hire_from.isoformat(),
                "to": program.hire_to.isoformat(),
                "value": facts.hire_date.isoformat(),
            },
        )
    )
    checks.append(("not_before", not facts.seen_before, {}))
    return [{"rule": rule, "passed": passed, "params": params} for rule, passed, params in checks]


def _krw(amount: int | None) -> str:
    return "—" if amount is None else _("%(amount)s원") % {"amount": f"{amount:,}"}


def explain(check: dict[str, Any], complex_names: dict[int, str] | None = None) -> dict[str, Any]:
    """A stored check with its rule and reason in words, in the reader's language."""
    p = check["params"]
    rule = check["rule"]
    if rule == "age":
        label = _("입사일 기준 만 %(min)d세 이상 %(max)d세 이하") % p
        detail = (
            _("입사일에 만 %(age)d세") % {"age": p["youngest"]}
            if p["youngest"] == p["oldest"]
            else _("입사일에 만 %(youngest)d~%(oldest)d세(생일에 따라)") % p
        )
    elif rule == "incheon_residence":
        label, detail = _("인천 거주"), (_("인천 거주") if check["passed"] else _("인천 거주가 아님"))
    elif rule == "root_company":
        label = _("뿌리기업")
        detail = _("뿌리기업으로 분류됨") if check["passed"] else _("뿌리기업으로 분류되지 않음")
    elif rule == "complex":
        names = complex_names or {}
        label = _("대상 산업단지의 사업장: %(names)s") % {
            "names": ", ".join(names.get(i, "?") for i in p["complex_ids"])
        }
        detail = _("대상 산업단지") if check["passed"] else _("대상 산업단지가 아님")
    elif rule == "employees":
        label = _("상시 근로자 %(min)d명 이상") % p
        detail = _("%(value)d명") % p
    elif rule == "sales":
        label = _("연 매출액 %(min)s 이상") % {"min": _krw(p["min"])}
        detail = _krw(p["value"]) if p["value"] is not None else _("매출액을 입력하지 않음")
    elif rule == "full_time":
        label = _("전일제 채용")
        detail = _("전일제") if check["passed"] else _("단시간 근로")
    elif rule == "contract_months":
        label = _("계약 기간 %(min)d개월 이상(기간의 정함이 없으면 충족)") % p
        detail = _("%(value)d개월") % p if p["value"] else _("기간의 정함이 없음")
    elif rule == "hire_window":
        label = _("입사일 %(from)s ~ %(to)s") % p
        detail = _("입사일 %(value)s") % p
    elif rule == "not_before":
        label = _("이 사업에 같은 사람의 다른 신청(심사 중·승인)이 없음")
        detail = (
            _("처음 신청")
            if check["passed"]
            else _("같은 사람(이름·생년월·연락처)의 신청이 심사 중이거나 승인됨")
        )
    else:  # a rule a later version removed: say so rather than fail
        label, detail = rule, ""
    return {"rule": rule, "passed": check["passed"], "label": label, "detail": detail}
