"""The counters behind the caps. Each change is one conditional UPDATE whose WHERE holds the cap: the
database applies it to the row as it is when the statement runs (PostgreSQL re-reads the row after
waiting for a concurrent writer; SQLite runs one writer at a time), so of many approvals racing for the
last place exactly one gets it, and the others update nothing and are told why. The CHECK constraints
of Program and ProgramCompany stand behind these statements, should any other code path forget them.

Callers run these inside their transaction; a refusal leaves the counters as they were.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from ppuri.incentives.models import Program, ProgramCompany
from ppuri.registry.models import Organization


def take_place(program: Program, company: Organization, amount: int) -> str | None:
    """One more approved person of `company` committing `amount`: None when taken, otherwise which cap
    stopped it ("company", "headcount" or "budget"), with nothing changed."""
    with transaction.atomic():  # a savepoint: undone as a whole if a later cap refuses
        company_row = _company_row(program, company)
        if not ProgramCompany.objects.filter(pk=company_row.pk, approved__lt=F("cap")).update(
            approved=F("approved") + 1
        ):
            return "company"
        taken = Program.objects.filter(
            pk=program.pk, approved_headcount__lt=F("headcount_cap"), committed__lte=F("budget") - amount
        ).update(approved_headcount=F("approved_headcount") + 1, committed=F("committed") + amount)
        if taken:
            return None
        full = Program.objects.filter(pk=program.pk, approved_headcount__gte=F("headcount_cap")).exists()
        transaction.set_rollback(True)
    return "headcount" if full else "budget"


def release(program: Program, amount: int) -> None:
    """Commitment no longer owed (installments stopped by a separation, a payment recovered)."""
    Program.objects.filter(pk=program.pk).update(committed=F("committed") - amount)


def give_back_place(program: Program, company_id: int) -> None:
    """A person who left before any payment: their place in the head count and the company's count."""
    # The company's row before the programme's, in take_place's order: two transactions never wait on
    # each other's rows.
    ProgramCompany.objects.filter(program=program, company_id=company_id).update(approved=F("approved") - 1)
    Program.objects.filter(pk=program.pk).update(approved_headcount=F("approved_headcount") - 1)


def _company_row(program: Program, company: Organization) -> ProgramCompany:
    cap = program.per_root_company_cap if company.is_root_industry else program.per_company_cap
    row = ProgramCompany.objects.filter(program=program, company=company).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return ProgramCompany.objects.create(program=program, company=company, cap=cap)
    except IntegrityError:  # another approval of the same company created it meanwhile
        return ProgramCompany.objects.get(program=program, company=company)
