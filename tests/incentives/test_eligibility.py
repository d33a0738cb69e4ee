"""Eligibility at every boundary: the day before and after each age bound, the window's first and last
day and one day outside, N−1 and N employees, the sales floor, the contract, residence, the complex, and
a second application for the same person. Each rule is read back with its words and figures."""

from datetime import date

import pytest

from ppuri.incentives import rules
from ppuri.incentives.models import IncentiveApplication
from tests.incentives.conftest import application_input, make_program, namdong, submit


def facts(**overrides) -> rules.Facts:
    values = {
        "birth_year": 1999, "birth_month": 4, "hire_date": date(2026, 3, 2), "incheon_resident": True,
        "root_company": True, "complex_id": None, "employees": 30, "annual_sales": None,
        "full_time": True, "contract_months": 0, "seen_before": False,
    }  # fmt: skip
    values.update(overrides)
    return rules.Facts(**values)


def verdict(program, **overrides) -> dict[str, bool]:
    return {c["rule"]: c["passed"] for c in rules.evaluate(program, facts(**overrides), set())}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("born", "hired", "passed"),
    [
        # Upper bound 39: born 1986-07 is 39 until the day before their 40th birthday, which is at the
        # latest 2026-07-31 (the reading that favours the young person).
        ((1986, 7), date(2026, 7, 30), True),
        ((1986, 7), date(2026, 7, 31), False),
        ((1986, 7), date(2026, 6, 30), True),
        # Lower bound 19: born 2007-07 may be 19 from 2026-07-01 (born on the 1st) — not the day before.
        ((2007, 7), date(2026, 6, 30), False),
        ((2007, 7), date(2026, 7, 1), True),
        # Born in February 1986: the latest birthday is the 28th, so 40 for certain from 2026-02-28.
        ((1986, 2), date(2026, 2, 27), True),
        ((1986, 2), date(2026, 2, 28), False),
    ],
)
def test_age_at_the_hire_date_at_both_bounds(operator_user, born, hired, passed):
    program = make_program(operator_user, hire_from=date(2026, 1, 1), hire_to=date(2026, 12, 31))

    assert verdict(program, birth_year=born[0], birth_month=born[1], hire_date=hired)["age"] is passed


def test_age_in_the_birth_month_is_read_in_the_young_persons_favour():
    assert rules.youngest_and_oldest(facts(birth_year=1991, birth_month=7, hire_date=date(2026, 7, 15))) == (
        34,
        35,
    )
    assert rules.youngest_and_oldest(facts(birth_year=1991, birth_month=7, hire_date=date(2026, 8, 1))) == (
        35,
        35,
    )
    assert rules.youngest_and_oldest(facts(birth_year=1991, birth_month=7, hire_date=date(2026, 6, 30))) == (
        34,
        34,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hired", "passed"),
    [
        (date(2025, 12, 31), False),
        (date(2026, 1, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),
    ],
)
def test_the_hire_window_includes_its_first_and_last_day(program, hired, passed):
    assert verdict(program, hire_date=hired)["hire_window"] is passed


@pytest.mark.django_db
@pytest.mark.parametrize(("employees", "passed"), [(4, False), (5, True), (6, True)])
def test_n_minus_one_and_n_employees(program, employees, passed):
    assert verdict(program, employees=employees)["employees"] is passed


@pytest.mark.django_db
def test_the_sales_floor_applies_only_when_the_programme_sets_one(operator_user, program):
    assert "sales" not in verdict(program)
    floor = make_program(operator_user, name="정착지원", min_sales=500_000_000)
    assert verdict(floor, annual_sales=499_999_999)["sales"] is False
    assert verdict(floor, annual_sales=500_000_000)["sales"] is True
    assert verdict(floor, annual_sales=None)["sales"] is False


@pytest.mark.django_db
def test_contract_residence_root_company(program):
    assert verdict(program, full_time=False, contract_months=24)["full_time"] is False
    assert verdict(program, incheon_resident=False)["incheon_residence"] is False
    assert verdict(program, root_company=False)["root_company"] is False


@pytest.mark.django_db
def test_a_fixed_term_contract_needs_the_minimum_months_where_full_time_is_not_required(operator_user):
    program = make_program(operator_user, full_time_required=False, min_contract_months=12)
    assert "full_time" not in verdict(program)
    assert verdict(program, full_time=True, contract_months=11)["contract_months"] is False
    assert verdict(program, full_time=True, contract_months=12)["contract_months"] is True


@pytest.mark.django_db
def test_a_site_outside_the_chosen_complexes_fails(operator_user, company, company_admin):
    program = make_program(operator_user, complexes=[namdong()])
    inside = submit(company_admin, program, company)
    assert {c["rule"]: c["passed"] for c in inside.checks}["complex"] is True
    company.sites.update(complex=None)
    outside = submit(company_admin, program, company, person={"name": "박바다", "phone": "010-1111-2222"})
    assert {c["rule"]: c["passed"] for c in outside.checks}["complex"] is False
    assert not outside.eligible


@pytest.mark.django_db
def test_a_second_application_for_the_same_person_is_not_eligible(program, company, company_admin):
    first = submit(company_admin, program, company)
    second = submit(company_admin, program, company, person={"name": " 김 하늘 ", "phone": "01023456789"})
    other = submit(company_admin, program, company, person={"name": "김하늘", "phone": "010-9999-8888"})

    assert first.eligible
    assert not second.eligible
    (not_before,) = [c for c in second.checks if c["rule"] == "not_before"]
    assert (
        rules.explain(not_before)["detail"] == "같은 사람(이름·생년월·연락처)의 신청이 심사 중이거나 승인됨"
    )
    assert other.eligible  # another phone: another person by this rule


@pytest.mark.django_db
def test_an_application_the_person_never_agreed_to_does_not_block_a_later_one(
    program, company, company_admin, reviewer
):
    from ppuri.incentives import services

    abandoned = submit(company_admin, program, company, consent=False)
    again = submit(company_admin, program, company)  # the same person, who agrees this time

    assert again.eligible
    services.application_approve(actor=reviewer, application=again)
    # The verdict is read again when the labor office decides: the first is now the second.
    abandoned_token_less = IncentiveApplication.objects.get(pk=abandoned.pk)
    assert abandoned_token_less.status == "awaiting_consent"
    later = submit(company_admin, program, company)
    assert not later.eligible


@pytest.mark.django_db
def test_every_rule_is_stored_with_its_verdict_and_explained_in_words(program, company, company_admin):
    application = submit(company_admin, program, company, person={"birth_year_month": "1986-07"},
                         hire_date=date(2026, 7, 31))  # fmt: skip

    explained = {c["rule"]: rules.explain(c) for c in application.checks}

    assert list(explained) == [
        "age", "incheon_residence", "root_company", "employees", "full_time", "contract_months",
        "hire_window", "not_before",
    ]  # fmt: skip
    assert explained["age"] == {
        "rule": "age",
        "passed": False,
        "label": "입사일 기준 만 19세 이상 39세 이하",
        "detail": "입사일에 만 40세",
    }
    assert explained["employees"]["detail"] == "30명"
    assert not application.eligible
    assert IncentiveApplication.objects.get(pk=application.pk).checks == application.checks


@pytest.mark.django_db
def test_an_application_before_the_hire_date_or_with_bad_fields_names_each_field(
    program, company, company_admin
):
    from django.core.exceptions import ValidationError

    from ppuri.incentives import services

    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            actor=company_admin,
            data=application_input(
                program,
                company,
                person={"birth_year_month": "1999-13", "phone": "12345", "name": ""},
                hire_date=date(2027, 1, 5),
                wage=0,
                contract_months=121,
            ),
        )

    assert set(refused.value.message_dict) == {
        "person.name", "person.birth_year_month", "person.phone", "hire_date", "wage", "contract_months",
    }  # fmt: skip
    assert not IncentiveApplication.objects.exists()
