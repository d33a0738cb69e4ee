"""The desk in the back office. Expert profiles are kept here by operators (affiliation, expertise,
capacity, conflicts); cases are read-only, since every change to a case goes through the services,
which check permissions, log and notify."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ppuri.challenges.models import Challenge, Consultation, Expert, Offer, TriageCorrection
from ppuri.search.services import index_refresh


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "title", "capacity", "available"]
    list_filter = ["organization", "available", "technologies"]
    search_fields = ["name", "department", "title"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["technologies", "processes", "materials", "defects", "conflicts"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the expertise (many-to-many) is saved: the profile is found by search as it now is.
        index_refresh(doc_type="expert", object_ids=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        index_refresh(doc_type="expert", object_ids=[pk])


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Challenge)
class ChallengeAdmin(_ReadOnly):
    list_display = ["title", "company", "technology", "status", "urgency", "created_at"]
    list_filter = ["status", "urgency", "confidentiality", "technology"]
    search_fields = ["title", "company__name"]


@admin.register(Offer)
class OfferAdmin(_ReadOnly):
    list_display = ["challenge", "expert", "status", "score", "created_at"]
    list_filter = ["status"]


@admin.register(Consultation)
class ConsultationAdmin(_ReadOnly):
    list_display = ["challenge", "expert", "held_on", "mode", "hours"]


@admin.register(TriageCorrection)
class TriageCorrectionAdmin(_ReadOnly):
    list_display = ["challenge", "field", "suggested", "confirmed", "corrected_at"]
    list_filter = ["field"]
