from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ppuri.core import files
from ppuri.core.forms import MultipleFileField
from ppuri.reference.models import Certification, Complex, Process
from ppuri.sourcing.models import SourcingRequest


class OrderedSelects(forms.SelectMultiple):
    """Numbered single selects, one per step. A <select multiple> posts its options in the catalogue's
    order (surface treatment before heat treatment) whatever the buyer meant; these post in the order
    of the steps."""

    def __init__(self, attrs: Any = None, choices: Any = (), minimum: int = 4) -> None:
        super().__init__(attrs, choices)
        self.minimum = minimum

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return [value for value in super().value_from_datadict(data, files, name) if value]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = [str(v) for v in value or [] if v not in (None, "")]
        slots = chosen + [""] * max(1, self.minimum - len(chosen))
        single = forms.Select(choices=[("", "—"), *_by_technology(self.choices)])
        base = self.build_attrs(self.attrs, attrs)
        first_id = base.get("id", name)
        rendered = []
        for position, current in enumerate(slots, 1):
            slot = {**base, "id": first_id if position == 1 else f"{first_id}_{position}"}
            if position > 1:
                slot.pop("required", None)  # only the first step is needed
            slot["data-position"] = position
            rendered.append((position, single.render(name, current, slot, renderer)))
        return format_html(
            '<span class="ordered-selects">{}</span>',
            format_html_join(" ", '<span class="step-slot">{}. {}</span>', rendered),
        )


def _by_technology(choices: Any) -> list[tuple[str, list[Any]]]:
    """Processes grouped under their technology (주조, 금형, …), in the catalogue's order."""
    groups: dict[str, list[Any]] = {}
    for value, label in choices:
        groups.setdefault(str(value.instance.technology), []).append((value, label))
    return list(groups.items())


def _checked(uploads: list[Any]) -> list[Any]:
    """Every file checked before any is stored, so a bad second file leaves no first one on disk."""
    errors = []
    for upload in uploads:
        try:
            files.check(upload)
        except forms.ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise forms.ValidationError(errors)
    return uploads


class RequestForm(forms.ModelForm):
    processes = forms.ModelMultipleChoiceField(
        label=_("공정(순서대로)"),
        queryset=Process.objects.select_related("technology"),
        required=False,
        widget=OrderedSelects,
        help_text=_("비워 두면 설명에서 공정을 찾아 제안합니다. 여러 개면 작업 순서대로 고르세요."),
    )
    certifications = forms.ModelMultipleChoiceField(
        label=_("필요한 인증"),
        queryset=Certification.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    complexes = forms.ModelMultipleChoiceField(
        label=_("선호 산업단지"),
        queryset=Complex.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(label=_("도면·문서(PDF, STEP, DXF, PNG, JPEG, 20MB까지)"), required=False)

    class Meta:
        model = SourcingRequest
        fields = [
            "title",
            "description",
            "material",
            "material_grade",
            "quantity",
            "length_mm",
            "width_mm",
            "height_mm",
            "weight_kg",
            "tolerance",
            "sector",
            "deadline",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=30)

    def clean_attachments(self) -> list[Any]:
        return _checked(self.cleaned_data["attachments"])

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("납기가 이미 지났습니다."))
        return deadline


class StepsForm(forms.Form):
    processes = forms.ModelMultipleChoiceField(
        label=_("공정(순서대로)"),
        queryset=Process.objects.select_related("technology"),
        widget=OrderedSelects,
    )

    def ordered(self) -> list[Process]:
        """In the order the buyer listed them (OrderedSelects posts them in the order of the steps)."""
        chosen = {str(p.pk): p for p in self.cleaned_data["processes"]}
        posted = self.data.getlist("processes") if hasattr(self.data, "getlist") else []
        return [chosen[key] for key in dict.fromkeys(posted) if key in chosen]


class QuoteForm(forms.Form):
    price_krw = forms.IntegerField(label=_("금액(원, 부가세 별도)"), min_value=1)
    lead_time_days = forms.IntegerField(label=_("납기(일)"), min_value=1, max_value=3650)
    valid_until = forms.DateField(label=_("견적 유효 기한"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("첨부(PDF, STEP, DXF, PNG, JPEG)"), required=False)

    def clean_attachments(self) -> list[Any]:
        return _checked(self.cleaned_data["attachments"])


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("사양 사유"), max_length=300)
