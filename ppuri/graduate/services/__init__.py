"""Writes of the graduate school; each checks who may, validates, runs in one transaction and logs."""

from ppuri.graduate.services.outcomes import internship_record, placement_record
from ppuri.graduate.services.projects import (
    ProjectInput,
    interest_express,
    interest_withdraw,
    match_create,
    milestone_update,
    nda_accept,
    project_complete,
    project_propose,
    project_publish,
    project_publish_consent,
    project_withdraw,
)
from ppuri.graduate.services.students import (
    cohort_save,
    student_consent,
    student_enrol,
    student_link_invitations,
    student_link_on_login,
    student_request,
    student_status_set,
)

__all__ = [
    "ProjectInput",
    "cohort_save",
    "interest_express",
    "interest_withdraw",
    "internship_record",
    "match_create",
    "milestone_update",
    "nda_accept",
    "placement_record",
    "project_complete",
    "project_propose",
    "project_publish",
    "project_publish_consent",
    "project_withdraw",
    "student_consent",
    "student_enrol",
    "student_link_invitations",
    "student_link_on_login",
    "student_request",
    "student_status_set",
]
