from django.contrib import admin

from ppuri.reference.models import (
    Certification,
    Complex,
    ComplexFact,
    Defect,
    KsicCode,
    Material,
    Process,
    Sector,
    Technology,
)

# Reference rows come from reference/data/*.toml and are re-synced on every migrate, so the admin shows
# them read-only: a change belongs in the data file, with its source.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ProcessInline(admin.TabularInline):
    model = Process
    fields = ["slug", "name_ko", "name_en", "synonyms"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Technology)
class TechnologyAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ko", "name_en", "group"]
    inlines = [ProcessInline]


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ko", "name_en", "technology"]
    list_filter = ["technology"]
    search_fields = ["slug", "name_ko", "name_en"]


@admin.register(Defect)
class DefectAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ko", "name_en", "technology", "verified"]
    list_filter = ["technology", "verified"]
    search_fields = ["slug", "name_ko", "name_en"]
    list_select_related = ["technology"]


@admin.register(KsicCode)
class KsicCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "revision", "name_ko", "technology", "confidence", "verified"]
    list_filter = ["revision", "technology", "confidence", "verified"]
    search_fields = ["code", "name_ko"]


class ComplexFactInline(admin.TabularInline):
    model = ComplexFact
    extra = 0

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Complex)
class ComplexAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ko", "district_ko"]
    inlines = [ComplexFactInline]


for model in (Material, Certification, Sector):
    admin.site.register(model, ReadOnlyAdmin)
