from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppuri.reference.models import Certification, Complex, Process
from ppuri.sourcing.models import SourcingRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several drawings in one input (Django's documented pattern for multiple uploads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RequestForm(forms.ModelForm):
    processes = forms.ModelMultipleChoiceField(
        label=_("공정(순서대로)"),
        queryset=Process.objects.select_related("technology"),
        required=False,
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

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("납기가 이미 지났습니다."))
        return deadline


class StepsForm(forms.Form):
    processes = forms.ModelMultipleChoiceField(
        label=_("공정(순서대로)"), queryset=Process.objects.select_related("technology")
    )

    def ordered(self) -> list[Process]:
        """In the order the buyer listed them (a multiple select posts them in its own order)."""
        chosen = {str(p.pk): p for p in self.cleaned_data["processes"]}
        posted = self.data.getlist("processes") if hasattr(self.data, "getlist") else []
        return [chosen[key] for key in dict.fromkeys(posted) if key in chosen]


class QuoteForm(forms.Form):
    price_krw = forms.IntegerField(label=_("금액(원, 부가세 별도)"), min_value=1)
    lead_time_days = forms.IntegerField(label=_("납기(일)"), min_value=1, max_value=3650)
    valid_until = forms.DateField(label=_("견적 유효 기한"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("첨부(PDF, STEP, DXF, PNG, JPEG)"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("사양 사유"), max_length=300)
