from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.core.concurrency import VersionedModelForm
from ppuri.core.forms import GroupedModelChoiceField
from ppuri.reference.models import Material, Process, Sector
from ppuri.registry.models import Capability, Contact, Organization, Site


class OrganizationProfileForm(VersionedModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("수요 산업"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_en",
            "description",
            "description_en",
            "products",
            "raw_materials",
            "ksic_main",
            "size",
            "employees",
            "founded_year",
            "website",
            "phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }


class CapabilityForm(VersionedModelForm):
    process = GroupedModelChoiceField(
        label=_("공정"), queryset=Process.objects.select_related("technology"), group_by="technology"
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("소재"), queryset=Material.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Capability
        # "materials" listed so an edit form starts from the stored ones (a declared field alone would
        # start empty, and saving the page untouched would clear them).
        fields = [
            "process",
            "materials",
            "site",
            "max_length_mm",
            "max_width_mm",
            "max_height_mm",
            "max_weight_kg",
            "batch_band",
            "equipment",
            "notes",
        ]
        widgets = {"equipment": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["site"].queryset = organization.sites.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            # The process identifies a capability; to change it, delete and add another.
            self.fields["process"].disabled = True


class SiteForm(VersionedModelForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "complex",
            "address",
            "district",
            "latitude",
            "longitude",
            "factory_number",
            "is_primary",
        ]


class ContactForm(VersionedModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "is_public"]
