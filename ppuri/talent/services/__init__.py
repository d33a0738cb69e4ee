"""Writes of talent: postings, seekers' profiles, applications and their stages, companies' invitations
to apply, and the wage-arrears mark. Each checks who may do it (deny by default), runs in one
transaction, goes to the activity log and tells the other side.

One module per concern: `postings` (and the wage-arrears mark), `seekers` (the profile),
`applications` (stages and invitations); callers use them through this package.
"""

from ppuri.talent.services.applications import (
    NEXT_STAGES,
    OPEN_STAGES,
    application_stage,
    application_submit,
    application_withdraw,
    interest_respond,
    interest_send,
)
from ppuri.talent.services.postings import (
    JobInput,
    job_close,
    job_create,
    job_open,
    job_update,
    jobs_close_expired,
    wage_arrears_clear,
    wage_arrears_mark,
)
from ppuri.talent.services.seekers import ProfileInput, seeker_profile_save, seeker_signed_in

__all__ = [
    "NEXT_STAGES",
    "OPEN_STAGES",
    "JobInput",
    "ProfileInput",
    "application_stage",
    "application_submit",
    "application_withdraw",
    "interest_respond",
    "interest_send",
    "job_close",
    "job_create",
    "job_open",
    "job_update",
    "jobs_close_expired",
    "seeker_profile_save",
    "seeker_signed_in",
    "wage_arrears_clear",
    "wage_arrears_mark",
]
