from django.contrib import admin

from ppuri.registry.models import (
    Capability,
    Contact,
    Membership,
    Organization,
    OrganizationCertification,
    Site,
)


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
