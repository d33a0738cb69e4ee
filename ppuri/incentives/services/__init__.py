"""Writes of the incentives: programmes (operators), applications (companies) and the person's consent,
the labor office's decisions under the caps, installments and their payment, and what a separation
releases. Each checks who may, runs in one transaction, goes to the activity log and tells the others.

`caps` holds the counters behind the caps; `programs`, `applications`, `payments` the rest.
"""

from ppuri.incentives.services.applications import (
    ApplicationInput,
    PersonInput,
    Refused,
    application_approve,
    application_consent,
    application_reject,
    application_submit,
    evidence_add,
)
from ppuri.incentives.services.payments import (
    installment_approve,
    installment_confirm,
    installment_pay,
    installment_recovered,
    installments_remind,
    release_after_separation,
)
from ppuri.incentives.services.programs import ProgramInput, program_create

__all__ = [
    "ApplicationInput",
    "PersonInput",
    "ProgramInput",
    "Refused",
    "application_approve",
    "application_consent",
    "application_reject",
    "application_submit",
    "evidence_add",
    "installment_approve",
    "installment_confirm",
    "installment_pay",
    "installment_recovered",
    "installments_remind",
    "program_create",
    "release_after_separation",
]
