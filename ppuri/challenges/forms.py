"""Forms of the desk's pages: they parse and bound the input; the services decide and check."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppuri.challenges.models import Challenge, Consultation, Expert
from ppuri.core.forms import GroupedModelChoiceField, MultipleFileField, blank_choice, checked_uploads
from ppuri.reference.models import Defect, Material, Process, Technology


def _classification_fields(required_technology: bool) -> dict[str, forms.Field]:
    return {
        "technology": forms.ModelChoiceField(
            Technology.objects.all(), required=required_technology, label=_("뿌리기술"), to_field_name="slug"
        ),
        "process": GroupedModelChoiceField(
            Process.objects.select_related("technology"),
            group_by="technology",
            required=False,
            label=_("공정"),
            to_field_name="slug",
        ),
        "material": forms.ModelChoiceField(
            Material.objects.all(), required=False, label=_("소재"), to_field_name="slug"
        ),
        "defect": GroupedModelChoiceField(
            Defect.objects.select_related("technology"),
            group_by="technology",
            required=False,
            label=_("결함 유형"),
            to_field_name="slug",
        ),
    }


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    description = forms.CharField(
        label=_("내용"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_("현상, 공정 조건, 소재, 지금까지 해 본 조치를 적어 주세요. 개인정보는 적지 마세요."),
    )
    urgency = forms.ChoiceField(
        label=_("긴급도"), choices=Challenge.Urgency.choices, initial=Challenge.Urgency.NORMAL
    )
    confidentiality = forms.ChoiceField(
        label=_("공개 범위"),
        choices=Challenge.Confidentiality.choices,
        initial=Challenge.Confidentiality.CONFIDENTIAL,
    )
    attachments = MultipleFileField(label=_("첨부 파일(PDF, STEP, DXF, PNG, JPEG)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_classification_fields(required_technology=False))
        for name in ("technology", "process", "material", "defect"):
            self.fields[name].help_text = _("모르면 비워 두세요. 내용에서 자동으로 분류합니다.")

    def clean_attachments(self) -> list[Any]:
        return checked_uploads(self.cleaned_data["attachments"])


class TriageForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_classification_fields(required_technology=True))


class OfferForm(forms.Form):
    """The experts an operator ticks on a case. Nothing is ticked for them: each box ticked is one
    offer made, and an id that names no expert refuses the whole request (none is sent)."""

    expert = forms.ModelMultipleChoiceField(
        Expert.objects.all(),
        label=_("전문가"),
        error_messages={
            "required": _("제안할 전문가를 한 명 이상 고르세요."),
            "invalid_choice": _("고른 전문가를 찾을 수 없습니다. 페이지를 새로 고쳐 다시 고르세요."),
            "invalid_pk_value": _("고른 전문가를 찾을 수 없습니다. 페이지를 새로 고쳐 다시 고르세요."),
        },
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("거절 사유"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))

    service_fields = {"decline_reason": "reason"}  # the offer's field (core.forms.add_service_errors)


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("자문일"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("방식"), choices=Consultation.Mode.choices)
    hours = forms.DecimalField(label=_("시간"), min_value=0.5, max_value=24, decimal_places=1, initial=1)
    notes = forms.CharField(label=_("자문 내용"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    attachments = MultipleFileField(label=_("첨부 파일"), required=False)

    service_fields = {"name": "attachments"}  # a file's name (core.forms.add_service_errors)

    def clean_attachments(self) -> list[Any]:
        return checked_uploads(self.cleaned_data["attachments"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("결과"), choices=Challenge.Outcome.choices)
    resolution = forms.CharField(
        label=_("해결 내용"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    effect_metric = forms.ChoiceField(
        label=_("효과 지표"), choices=[*blank_choice(), *Challenge.Metric.choices], required=False
    )
    effect_before = forms.DecimalField(label=_("개선 전"), required=False, max_digits=14, decimal_places=2)
    effect_after = forms.DecimalField(label=_("개선 후"), required=False, max_digits=14, decimal_places=2)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("만족도"), choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int, initial=5
    )
    comment = forms.CharField(label=_("평가 의견"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish_consent = forms.BooleanField(
        label=_("기업명과 식별 정보를 지운 사례로 공개하는 데 동의합니다"), required=False
    )
