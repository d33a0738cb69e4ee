from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ppuri.registry.models import (
    Capability,
    Contact,
    Membership,
    Organization,
    OrganizationCertification,
    Site,
)
from ppuri.registry.services import capability_verify


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "complex", "address", "factory_number", "is_primary"]


class CapabilityInline(admin.TabularInline):
    model = Capability
    extra = 0
    fields = ["process", "batch_band", "source", "source_detail"]
    autocomplete_fields = ["process"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CertificationInline(admin.TabularInline):
    model = OrganizationCertification
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ksic_main", "employees", "is_public", "is_demo"]
    list_filter = ["kind", "is_public", "is_demo", "sites__complex"]
    search_fields = ["name", "name_en", "normalized_name", "sites__factory_number"]
    readonly_fields = ["normalized_name", "is_demo", "created_at", "updated_at"]
    inlines = [SiteInline, CapabilityInline, CertificationInline, MembershipInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "title", "is_public"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["organization", "process", "batch_band", "source", "source_detail", "verified_at"]
    list_filter = ["source", "process__technology", "batch_band"]
    search_fields = ["organization__name", "process__slug", "process__name_ko", "source_detail"]
    autocomplete_fields = ["organization", "process"]
    readonly_fields = ["verified_by", "verified_at"]
    actions = ["verify"]

    @admin.action(description=_("선택한 공정 역량을 운영기관 확인으로 표시"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Capability]) -> None:
        for capability in queryset.select_related("organization", "process"):
            capability_verify(actor=request.user, capability=capability)
        self.message_user(request, _("%(n)d건을 확인했습니다.") % {"n": queryset.count()})
