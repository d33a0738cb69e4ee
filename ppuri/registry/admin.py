from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import FreeTextCheckedModelForm
from ppuri.registry import services
from ppuri.registry.models import (
    Capability,
    Contact,
    Membership,
    Organization,
    OrganizationCertification,
    Site,
)


class SiteInline(admin.TabularInline):
    form = FreeTextCheckedModelForm
    model = Site
    extra = 0
    fields = ["name", "complex", "address", "factory_number", "is_primary"]


class CapabilityInline(admin.TabularInline):
    form = FreeTextCheckedModelForm
    model = Capability
    extra = 0
    fields = ["process", "batch_band", "source", "source_detail"]
    autocomplete_fields = ["process"]


class MembershipInline(admin.TabularInline):
    form = FreeTextCheckedModelForm
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CertificationInline(admin.TabularInline):
    form = FreeTextCheckedModelForm
    model = OrganizationCertification
    extra = 0


class ContactInline(admin.TabularInline):
    form = FreeTextCheckedModelForm
    model = Contact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Writes go through registry.services so names are normalized and every change is logged."""

    form = FreeTextCheckedModelForm

    list_display = ["name", "kind", "ksic_main", "employees", "is_public", "is_demo"]
    list_filter = ["kind", "is_public", "is_demo", "sites__complex"]
    search_fields = ["name", "name_en", "normalized_name", "sites__factory_number"]
    readonly_fields = ["normalized_name", "is_demo", "created_at", "updated_at"]
    inlines = [SiteInline, CapabilityInline, CertificationInline, MembershipInline, ContactInline]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        services.organization_save_from_admin(
            actor=request.user, organization=obj, changed_fields=form.changed_data, creating=not change
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.save(commit=False)
        for row in formset.deleted_objects:
            services.organization_row_delete_from_admin(
                actor=request.user, organization=form.instance, row=row
            )
        for row, changed in formset.changed_objects:
            services.organization_row_save_from_admin(
                actor=request.user,
                organization=form.instance,
                row=row,
                changed_fields=changed,
                creating=False,
            )
        for row in formset.new_objects:
            services.organization_row_save_from_admin(
                actor=request.user, organization=form.instance, row=row, changed_fields=[], creating=True
            )
        formset.save_m2m()


class RowAdmin(admin.ModelAdmin):
    """A row that belongs to an organization, edited on its own page: saved and logged by a service."""

    form = FreeTextCheckedModelForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.organization_row_save_from_admin(
            actor=request.user,
            organization=obj.organization,
            row=obj,
            changed_fields=form.changed_data,
            creating=not change,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.organization_row_delete_from_admin(
            actor=request.user, organization=obj.organization, row=obj
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset.select_related("organization"):
            self.delete_model(request, obj)


@admin.register(Contact)
class ContactAdmin(RowAdmin):
    list_display = ["name", "organization", "title", "is_public"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Capability)
class CapabilityAdmin(RowAdmin):
    list_display = ["organization", "process", "batch_band", "source", "source_detail", "verified_at"]
    list_filter = ["source", "process__technology", "batch_band"]
    search_fields = ["organization__name", "process__slug", "process__name_ko", "source_detail"]
    autocomplete_fields = ["organization", "process"]
    readonly_fields = ["verified_by", "verified_at"]
    actions = ["verify"]

    @admin.action(description=_("선택한 공정 역량을 운영기관 확인으로 표시"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Capability]) -> None:
        for capability in queryset.select_related("organization", "process"):
            services.capability_verify(actor=request.user, capability=capability)
        self.message_user(request, _("%(n)d건을 확인했습니다.") % {"n": queryset.count()})
