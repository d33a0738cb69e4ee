"""Talent in the back office: read-only lookups. Postings, profiles and applications change through the
services (pages and API), which check permissions, log and notify."""

from django.contrib import admin

from ppuri.core.admin import ReadOnlyAdmin
from ppuri.talent.models import Application, JobPosting, RetentionRun, WageArrearsMark


@admin.register(JobPosting)
class JobPostingAdmin(ReadOnlyAdmin):
    list_display = ["title", "company", "technology", "status", "shift", "wage_min", "wage_max", "closes_on"]
    list_filter = ["status", "shift", "employment_type", "technology"]
    search_fields = ["title", "company__name"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    # No seeker and no message here, in the list or on a row's page: a lookup by posting and stage is
    # enough for the back office, and personal data is read where the read is recorded (the jobs pages).
    list_display = ["job", "stage", "origin", "created_at", "hired_on"]
    readonly_fields = [
        "job", "stage", "origin", "created_at", "updated_at", "contact_consented_at",
        "consent_notice_version", "hired_on", "hire_site",
    ]  # fmt: skip
    fields = tuple(readonly_fields)
    list_filter = ["stage", "origin"]
    search_fields = ["job__title", "job__company__name"]


@admin.register(WageArrearsMark)
class WageArrearsMarkAdmin(ReadOnlyAdmin):
    list_display = ["company", "listed_on", "marked_at", "cleared_at"]
    search_fields = ["company__name"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["ran_at", "cutoff", "profiles_destroyed", "applications_destroyed", "interests_destroyed"]
