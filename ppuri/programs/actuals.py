"""A commitment's actual for one period, counted from Ppuri's own records (issue 17), and the records
behind each figure.

One function per `Commitment.Measure`, each taking (commitment, period) and counting within
[period.starts_on, period.ends_on], both days included, in the site's time zone:

- EXPERTS_ACTIVE: distinct experts of the desk (of `commitment.measure_organization`, every
  organization when it is empty) who accepted an offer (responded that day, the offer accepted or since
  completed) or logged a consultation (held that day) in the period;
- CASES_SOLVED: desk cases whose result, reported in the period, is "solved" (not "partly"), taken by
  an expert of `measure_organization` when it is set;
- STUDENTS_ENROLLED: the graduate school's admitted students (graduate.models.Student.ADMITTED, as
  graduate.selectors.cohort_figures counts `enrolled`) of the cohort whose year is the period's start
  year;
- YOUTH_APPROVED: distinct young people (the application's person key) whose incentive application the
  labor office approved in the period;
- YOUTH_PAID_KRW: the won of the installments paid in the period (by their payment day; a payment
  later recovered was still paid that day, as the ledger counts it);
- HIRES: employments (tenure) that began in the period;
- HIRES_RETAINED_12M: of those, the ones observed for at least 12 months (tenure.retention's months of
  DAYS_PER_MONTH days) and still employed then: 12 months have passed since the hire, and the person
  left after 12 months or not at all.

A manual commitment's actual is the figure its partner reported with the evidence
(`CommitmentPeriod.manual_actual`). Every actual says which it is: "records" or "manual".

`records_behind` hands the rows a figure was counted from to a page, intersected with the visibility
rules of the app that holds them, so nobody sees a row there they could not see in that app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum

from ppuri.challenges.models import Challenge, Consultation, Expert, Offer
from ppuri.challenges.selectors import ASSIGNED, challenges_visible_to, experts_visible_to
from ppuri.core import clock
from ppuri.graduate.models import Student
from ppuri.graduate.selectors import students_visible_to
from ppuri.incentives.models import IncentiveApplication, Installment
from ppuri.incentives.selectors import applications_visible_to, installments_visible_to
from ppuri.programs.models import Commitment, CommitmentPeriod
from ppuri.tenure.models import Employment
from ppuri.tenure.retention import DAYS_PER_MONTH, observation
from ppuri.tenure.selectors import employments_visible_to

SOURCE_RECORDS = "records"
SOURCE_MANUAL = "manual"

# Retained 12 months: observed at least this many days (tenure.retention's months, 365.25 days).
RETAINED_DAYS = 12 * DAYS_PER_MONTH

Measure = Commitment.Measure


def _span(period: CommitmentPeriod) -> tuple[date, date]:
    return period.starts_on, period.ends_on


# --- the records behind each measure ----------------------------------------------------------------


def active_experts(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Expert]:
    span = _span(period)
    accepted = Offer.objects.filter(status__in=ASSIGNED, responded_at__date__range=span).values("expert")
    consulted = Consultation.objects.filter(held_on__range=span).values("expert")
    experts = Expert.objects.filter(Q(pk__in=accepted) | Q(pk__in=consulted))
    if commitment.measure_organization_id is not None:
        experts = experts.filter(organization_id=commitment.measure_organization_id)
    return experts


def solved_cases(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Challenge]:
    cases = Challenge.objects.filter(
        outcome=Challenge.Outcome.SOLVED,
        status__in=(Challenge.Status.RESOLVED, Challenge.Status.CLOSED),
        resolved_at__date__range=_span(period),
    )
    if commitment.measure_organization_id is not None:
        taken = Offer.objects.filter(
            status__in=ASSIGNED, expert__organization_id=commitment.measure_organization_id
        ).values("challenge")
        cases = cases.filter(pk__in=taken)
    return cases


def enrolled_students(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Student]:
    return Student.objects.filter(cohort__year=period.starts_on.year, status__in=Student.ADMITTED)


def approved_applications(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[IncentiveApplication]:
    return IncentiveApplication.objects.filter(
        status=IncentiveApplication.Status.APPROVED, decided_at__date__range=_span(period)
    )


def paid_installments(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Installment]:
    return Installment.objects.filter(paid_on__range=_span(period))


def hires_started(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Employment]:
    return Employment.objects.filter(hired_on__range=_span(period))


def hires_retained(commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Employment]:
    """The hires of the period employed 12 months on, as of today (core.clock): tenure.retention's
    observation of each (days followed, left or not) reaches RETAINED_DAYS."""
    today = clock.today()
    candidates = (
        hires_started(commitment, period).filter(hired_on__lte=today).only("hired_on", "separated_on")
    )
    kept = []
    for employment in candidates:
        seen = observation(employment, today)
        if seen is not None and seen[0] >= RETAINED_DAYS:
            kept.append(employment.pk)
    return Employment.objects.filter(pk__in=kept)


RECORDS: dict[str, Callable[[Commitment, CommitmentPeriod], QuerySet[Any]]] = {
    Measure.EXPERTS_ACTIVE: active_experts,
    Measure.CASES_SOLVED: solved_cases,
    Measure.STUDENTS_ENROLLED: enrolled_students,
    Measure.YOUTH_APPROVED: approved_applications,
    Measure.YOUTH_PAID_KRW: paid_installments,
    Measure.HIRES: hires_started,
    Measure.HIRES_RETAINED_12M: hires_retained,
}


# --- the figures --------------------------------------------------------------------------------------


def experts_active(commitment: Commitment, period: CommitmentPeriod) -> int:
    return active_experts(commitment, period).count()


def cases_solved(commitment: Commitment, period: CommitmentPeriod) -> int:
    return solved_cases(commitment, period).count()


def students_enrolled(commitment: Commitment, period: CommitmentPeriod) -> int:
    return enrolled_students(commitment, period).count()


def youth_approved(commitment: Commitment, period: CommitmentPeriod) -> int:
    """Distinct people: the same person approved in two programmes is one young person supported."""
    return approved_applications(commitment, period).values("person_key").distinct().count()


def youth_paid_krw(commitment: Commitment, period: CommitmentPeriod) -> int:
    return int(paid_installments(commitment, period).aggregate(total=Sum("amount"))["total"] or 0)


def hires(commitment: Commitment, period: CommitmentPeriod) -> int:
    return hires_started(commitment, period).count()


def hires_retained_12m(commitment: Commitment, period: CommitmentPeriod) -> int:
    return hires_retained(commitment, period).count()


COUNTERS: dict[str, Callable[[Commitment, CommitmentPeriod], int]] = {
    Measure.EXPERTS_ACTIVE: experts_active,
    Measure.CASES_SOLVED: cases_solved,
    Measure.STUDENTS_ENROLLED: students_enrolled,
    Measure.YOUTH_APPROVED: youth_approved,
    Measure.YOUTH_PAID_KRW: youth_paid_krw,
    Measure.HIRES: hires,
    Measure.HIRES_RETAINED_12M: hires_retained_12m,
}

# Counts of people: shown to the public through core.disclosure (small counts hidden).
PEOPLE_MEASURES = frozenset(
    {
        Measure.EXPERTS_ACTIVE,
        Measure.STUDENTS_ENROLLED,
        Measure.YOUTH_APPROVED,
        Measure.HIRES,
        Measure.HIRES_RETAINED_12M,
    }
)


@dataclass(frozen=True)
class Actual:
    """A period's actual: `value` None while a manual figure has not been reported."""

    value: int | None
    source: str  # SOURCE_RECORDS or SOURCE_MANUAL
    evidence: str = ""
    evidence_file: Any = None  # the period's FieldFile, or None


def actual_of(commitment: Commitment, period: CommitmentPeriod) -> Actual:
    if not commitment.from_records:
        return Actual(
            value=period.manual_actual,
            source=SOURCE_MANUAL,
            evidence=period.evidence,
            evidence_file=period.evidence_file or None,
        )
    return Actual(value=COUNTERS[commitment.measure](commitment, period), source=SOURCE_RECORDS)


def records_behind(*, user: Any, commitment: Commitment, period: CommitmentPeriod) -> QuerySet[Any]:
    """The rows counted for this figure that this viewer may see in the app that holds them (none for a
    manual commitment: its evidence stands for them)."""
    if not commitment.from_records:
        return CommitmentPeriod.objects.none()
    rows = RECORDS[commitment.measure](commitment, period)
    return rows.filter(pk__in=_visible(commitment.measure, user).values("pk"))


def _visible(measure: str, user: Any) -> QuerySet[Any]:
    if measure == Measure.EXPERTS_ACTIVE:
        return experts_visible_to(user)
    if measure == Measure.CASES_SOLVED:
        return challenges_visible_to(user)
    if measure == Measure.STUDENTS_ENROLLED:
        return students_visible_to(user)
    if measure == Measure.YOUTH_APPROVED:
        return applications_visible_to(user)
    if measure == Measure.YOUTH_PAID_KRW:
        return installments_visible_to(user)
    return employments_visible_to(user)
