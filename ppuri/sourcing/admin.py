"""Sourcing in the back office: read-only. Every change goes through the services (pages and API),
which check permissions, log and notify; the admin is for looking things up."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ppuri.core.admin import ReadOnlyAdmin
from ppuri.sourcing.models import Invitation, Quote, RequestStep, SourcingRequest


class StepInline(admin.TabularInline):
    model = RequestStep
    extra = 0
    can_delete = False
    readonly_fields = ["position", "process", "source"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SourcingRequest)
class SourcingRequestAdmin(ReadOnlyAdmin):
    list_display = ["title", "buyer", "status", "visibility", "deadline", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "buyer__name"]
    inlines = [StepInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["request", "supplier", "origin", "status", "responded_at"]
    list_filter = ["status", "origin"]
    search_fields = ["request__title", "supplier__name"]


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["invitation", "price_krw", "lead_time_days", "valid_until", "created_at"]
    search_fields = ["invitation__supplier__name", "invitation__request__title"]
