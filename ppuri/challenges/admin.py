"""The desk in the back office. Expert profiles are kept here by operators (affiliation, expertise,
capacity, conflicts); cases are read-only, since every change to a case goes through the services,
which check permissions, log and notify."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ppuri.challenges.models import Challenge, Consultation, Expert, Offer, TriageCorrection
from ppuri.core.admin import ReadOnlyAdmin
from ppuri.core.forms import FreeTextCheckedModelForm, GroupedModelMultipleChoiceField
from ppuri.core.privacy import refuse_resident_number
from ppuri.search.services import index_refresh


class ExpertForm(FreeTextCheckedModelForm):
    class Meta:
        model = Expert
        fields = [
            "user", "name", "organization", "department", "title", "technologies", "processes",
            "materials", "defects", "keywords", "languages", "bio", "capacity", "available",
            "unavailable_until", "conflicts",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        """The keywords and languages (lists, which the model's text check does not read) hold no
        주민등록번호."""
        data = super().clean() or {}
        for name in ("keywords", "languages"):
            try:
                refuse_resident_number(" ".join(map(str, data.get(name) or [])))
            except ValidationError as error:
                self.add_error(name, error)
        return data


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    form = ExpertForm
    list_display = ["name", "organization", "title", "capacity", "available"]
    list_filter = ["organization", "available", "technologies"]
    search_fields = ["name", "department", "title"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["technologies", "processes", "materials", "defects", "conflicts"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("processes", "defects"):  # 90+ of each: under their technology
            kwargs["form_class"] = GroupedModelMultipleChoiceField
            kwargs["group_by"] = "technology"
            kwargs["typeahead"] = False  # the admin's two boxes have a filter of their own
            kwargs["queryset"] = db_field.related_model.objects.select_related("technology")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the expertise (many-to-many) is saved: the profile is found by search as it now is.
        index_refresh(doc_type="expert", object_ids=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        index_refresh(doc_type="expert", object_ids=[pk])


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "company", "technology", "status", "urgency", "created_at"]
    list_filter = ["status", "urgency", "confidentiality", "technology"]
    search_fields = ["title", "company__name"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["challenge", "expert", "status", "score", "created_at"]
    list_filter = ["status"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["challenge", "expert", "held_on", "mode", "hours"]


@admin.register(TriageCorrection)
class TriageCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["challenge", "field", "suggested", "confirmed", "corrected_at"]
    list_filter = ["field"]
