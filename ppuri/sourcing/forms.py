from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import (
    GroupedModelMultipleChoiceField,
    MultipleFileField,
    blank_choice,
    checked_uploads,
)
from ppuri.reference.models import Certification, Complex, Process
from ppuri.sourcing.models import SourcingRequest


class OrderedSelects(forms.SelectMultiple):
    """A step builder: one numbered select per step, in a list. A <select multiple> posts its options
    in the catalogue's order (surface treatment before heat treatment) whatever the buyer meant; these
    post in the order of the steps. Without JavaScript the page shows `minimum` numbered selects;
    static/ppuri/forms.js adds, removes and moves steps, posting the same field."""

    def __init__(self, attrs: Any = None, choices: Any = (), minimum: int = 4) -> None:
        super().__init__(attrs, choices)
        self.minimum = minimum

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return [value for value in super().value_from_datadict(data, files, name) if value]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = [str(v) for v in value or [] if v not in (None, "")]
        slots = chosen + [""] * max(1, self.minimum - len(chosen))
        single = forms.Select(choices=[*blank_choice(), *self.choices])
        base = self.build_attrs(self.attrs, attrs)
        first_id = base.get("id", name)
        rendered = []
        for position, current in enumerate(slots, 1):
            slot = {
                **base,
                "id": step_id(first_id, position),
                "aria-label": STEP_LABEL % {"n": position},
            }
            if position > 1:
                slot.pop("required", None)  # only the first step is needed
            rendered.append(single.render(name, current, slot, renderer))
        return format_html(
            '<ol class="step-builder" id="{}" data-step-builder="{}" data-step-label="{}" data-add-label="{}"'
            ' data-up-label="{}" data-down-label="{}" data-remove-label="{}">{}</ol>',
            f"{first_id}_steps",
            first_id,
            STEP_LABEL,
            _("공정 단계 추가"),
            _("위로"),
            _("아래로"),
            _("빼기"),
            format_html_join("", '<li class="step">{}</li>', ((select,) for select in rendered)),
        )


# The name of each step's select (its number is the list's): "2단계 공정".
STEP_LABEL = _("%(n)s단계 공정")


def step_id(first_id: str, position: int) -> str:
    """id_processes, id_processes_2, …: the page's ids of the steps, as forms.js renumbers them."""
    return first_id if position == 1 else f"{first_id}_{position}"


class RequestForm(forms.ModelForm):
    processes = GroupedModelMultipleChoiceField(
        label=_("공정(순서대로)"),
        queryset=Process.objects.select_related("technology"),
        group_by="technology",
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
        return checked_uploads(self.cleaned_data["attachments"])

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("납기가 이미 지났습니다."))
        return deadline


class StepsForm(forms.Form):
    processes = GroupedModelMultipleChoiceField(
        label=_("공정(순서대로)"),
        queryset=Process.objects.select_related("technology"),
        group_by="technology",
        widget=OrderedSelects,
        error_messages={"required": _("공정을 하나 이상 고르세요.")},
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

    service_fields = {"name": "attachments"}  # a file's name (core.forms.add_service_errors)

    def clean_attachments(self) -> list[Any]:
        return checked_uploads(self.cleaned_data["attachments"])


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("사양 사유"), max_length=300)

    service_fields = {"decline_reason": "reason"}  # the invitation's field (core.forms.add_service_errors)
