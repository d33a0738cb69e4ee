"""Who sees what of the incentives, the labor office's queue, a programme's ledger and its forecast.

Rows: operators and the labor office see every application, case, installment, evidence file and
ledger movement; a company its own applications and what hangs from them; the young person reaches
their own case by the consent link. The city and the public see programmes and their aggregates only
(the ledger's sums, counts suppressed under core.disclosure), never a person.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from ppuri.accounts.roles import is_signed_in, may_review_incentives
from ppuri.core import clock
from ppuri.core.text import mask_name, mask_phone
from ppuri.incentives import rules
from ppuri.incentives.models import (
    Evidence,
    IncentiveApplication,
    IncentiveCase,
    Installment,
    LedgerEntry,
    Program,
    ProgramCompany,
)
from ppuri.registry.selectors import organizations_of
from ppuri.tenure.retention import DAYS_PER_MONTH, kaplan_meier, observation, survival_at

Status = IncentiveApplication.Status


# --- visibility ----------------------------------------------------------------------------------------


def programs_visible_to(user: Any) -> QuerySet[Program]:
    """A programme's name, rules and sums are public: companies and the young need to read them."""
    return Program.objects.all()


def applications_visible_to(user: Any) -> QuerySet[IncentiveApplication]:
    if may_review_incentives(user):
        return IncentiveApplication.objects.all()
    if not is_signed_in(user):
        return IncentiveApplication.objects.none()
    return IncentiveApplication.objects.filter(company__in=organizations_of(user).values("pk"))


def cases_visible_to(user: Any) -> QuerySet[IncentiveCase]:
    return IncentiveCase.objects.filter(application__in=applications_visible_to(user).values("pk"))


def installments_visible_to(user: Any) -> QuerySet[Installment]:
    return Installment.objects.filter(case__in=cases_visible_to(user).values("pk"))


def evidence_visible_to(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.filter(application__in=applications_visible_to(user).values("pk"))


def ledger_visible_to(user: Any) -> QuerySet[LedgerEntry]:
    """Each movement names a case: the labor office's and operators' (everyone else reads the sums)."""
    return LedgerEntry.objects.all() if may_review_incentives(user) else LedgerEntry.objects.none()


def program_companies_visible_to(user: Any) -> QuerySet[ProgramCompany]:
    return ProgramCompany.objects.all() if may_review_incentives(user) else ProgramCompany.objects.none()


def application_get_for_user(*, user: Any, pk: int) -> IncentiveApplication:
    return get_object_or_404(
        applications_visible_to(user).select_related("program", "company", "site__complex", "decided_by"),
        pk=pk,
    )


def case_get_for_user(*, user: Any, pk: int) -> IncentiveCase:
    return get_object_or_404(
        cases_visible_to(user).select_related("program", "employment", "application"), pk=pk
    )


def queue(program: Program | None = None) -> QuerySet[IncentiveApplication]:
    """The labor office's queue: waiting applications, first come first served (by the person's
    consent, which completes them), the waitlist after them in its own order."""
    waiting = IncentiveApplication.objects.filter(status__in=[Status.PENDING, Status.WAITLISTED])
    if program is not None:
        waiting = waiting.filter(program=program)
    return waiting.select_related("program", "company", "site__complex").order_by("status", "queued_at", "pk")


def waitlist_position(application: IncentiveApplication) -> int | None:
    if application.status != Status.WAITLISTED:
        return None
    ahead = IncentiveApplication.objects.filter(
        program_id=application.program_id, status=Status.WAITLISTED
    ).filter(
        Q(queued_at__lt=application.queued_at) | Q(queued_at=application.queued_at, pk__lt=application.pk)
    )
    return ahead.count() + 1


def person_view(application: IncentiveApplication, *, full: bool) -> dict[str, Any]:
    """The young person's details, masked in lists (full on the application's own page, whose every
    open is recorded)."""
    return {
        "name": application.person_name if full else mask_name(application.person_name),
        "birth_year_month": application.birth_year_month
        if full
        else application.birth_year_month[:4] + "-**",
        "incheon_resident": application.incheon_resident,
        "phone": application.phone if full else mask_phone(application.phone),
    }


def checks_explained(application: IncentiveApplication) -> list[dict[str, Any]]:
    """The stored checks in words; the complexes' names are read only where a check names them (a
    list of applications otherwise reads them once a row)."""
    from ppuri.core.i18n import in_reader_language
    from ppuri.reference.models import Complex

    names: dict[int, str] = {}
    if any(check["rule"] == "complex" for check in application.checks):
        names = {
            pk: in_reader_language(ko, en)
            for pk, ko, en in Complex.objects.values_list("pk", "short_name_ko", "short_name_en")
        }
    return [rules.explain(check, names) for check in application.checks]


# --- the ledger ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    budget: int
    committed: int  # every schedule committed at approval
    released: int  # stopped by separations (and recovered installments)
    approved: int  # installments approved for payment, not yet paid
    paid: int
    recovered: int  # paid, then claimed back
    outstanding: int  # committed − released − (paid − recovered): still owed
    remaining: int  # budget − (committed − released)
    headcount: int
    headcount_cap: int

    def adds_up(self) -> bool:
        return self.budget == self.remaining + self.outstanding + (self.paid - self.recovered)


def ledger(program: Program) -> Ledger:
    sums = {
        kind: total or 0
        for kind, total in LedgerEntry.objects.filter(program=program)
        .values_list("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    }
    committed = sums.get(LedgerEntry.Kind.COMMIT, 0)
    released = sums.get(LedgerEntry.Kind.RELEASE, 0)
    paid = sums.get(LedgerEntry.Kind.PAYMENT, 0)
    recovered = sums.get(LedgerEntry.Kind.RECOVERY, 0)
    approved = (
        Installment.objects.filter(case__program=program, status=Installment.Status.APPROVED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    program.refresh_from_db(fields=["approved_headcount", "committed"])
    return Ledger(
        budget=program.budget,
        committed=committed,
        released=released,
        approved=approved,
        paid=paid,
        recovered=recovered,
        outstanding=committed - released - (paid - recovered),
        remaining=program.budget - (committed - released),
        headcount=program.approved_headcount,
        headcount_cap=program.headcount_cap,
    )


# --- the forecast --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    """What the programme will likely still pay: each unpaid installment × the estimated chance that
    its person is still employed at its month, given they are employed today (S(month) / S(now), from
    the Kaplan–Meier curve of every hire followed in Ppuri)."""

    expected_liability: int
    owed_if_all_stay: int
    remaining_budget: int
    expected_free: int  # remaining budget + what is committed but likely not to be paid
    more_people: int  # how many more full schedules that would fund
    hires_in_curve: int


def hire_observations() -> list[tuple[int, bool]]:
    """Every hire Ppuri follows, as (days observed, left?) today: the forecast's curve. Read it once for
    several programmes."""
    from ppuri.tenure.models import Employment

    today = clock.today()
    return [
        seen
        for employment in Employment.objects.only("hired_on", "separated_on")
        if (seen := observation(employment, today)) is not None
    ]


def forecast(
    program: Program, *, the_ledger: Ledger | None = None, observations: list[tuple[int, bool]] | None = None
) -> Forecast:
    """`the_ledger` and `observations` when the caller has them already (a page shows the ledger too; a
    list of programmes shares one curve)."""
    today = clock.today()
    observations = hire_observations() if observations is None else observations
    steps = kaplan_meier(observations)
    expected = 0.0
    owed = 0
    open_statuses = [Installment.Status.SCHEDULED, Installment.Status.CONFIRMED, Installment.Status.APPROVED]
    rows = Installment.objects.filter(case__program=program, status__in=open_statuses).values_list(
        "amount", "month", "due_on", "status", "case__employment__hired_on", "case__employment__separated_on"
    )
    for amount, month, due_on, status, hired_on, separated_on in rows:
        owed += amount
        if status != Installment.Status.SCHEDULED:
            expected += amount  # confirmed: the person was there at its month
            continue
        if separated_on is not None:
            # Left after its day: still owed in full (the later ones were released already).
            expected += amount if due_on <= separated_on else 0
            continue
        now_days = max((today - hired_on).days, 0)
        still_now = survival_at(steps, now_days)
        chance = survival_at(steps, month * DAYS_PER_MONTH) / still_now if still_now > 0 else 0.0
        expected += amount * min(chance, 1.0)
    the_ledger = the_ledger or ledger(program)
    expected_free = the_ledger.remaining + (owed - round(expected))
    return Forecast(
        expected_liability=round(expected),
        owed_if_all_stay=owed,
        remaining_budget=the_ledger.remaining,
        expected_free=expected_free,
        # Bounded by the places left under the head-count cap as well as by the money.
        more_people=min(
            expected_free // program.amount_per_person if program.amount_per_person else 0,
            max(program.headcount_cap - the_ledger.headcount, 0),
        ),
        hires_in_curve=len(observations),
    )


def retention_curves(*, by: str, exact: bool) -> list[dict[str, Any]]:
    """Retention of every hire (tenure.retention), with the incentive's participants marked."""
    from ppuri.tenure.models import Employment
    from ppuri.tenure.retention import curves

    participants = set(IncentiveCase.objects.values_list("employment_id", flat=True))
    return curves(Employment.objects.all(), by=by, exact=exact, in_programme=participants)
