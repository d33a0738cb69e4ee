from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.registry.claims.services import MESSAGE_MAX, REASON_MAX


class ClaimForm(forms.Form):
    """Parses the claim; the rules (check digit, file type and size, the e-mail) are the service's,
    whose refusals show at these fields (core.forms.add_service_errors)."""

    business_number = forms.CharField(
        label=_("사업자등록번호"),
        max_length=20,
        help_text=_("숫자 10자리, 하이픈은 있어도 없어도 됩니다(예: 123-45-67890)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    work_email = forms.CharField(
        label=_("업무용 이메일"),
        max_length=254,
        required=False,
        help_text=_("회사 도메인의 이메일이 있으면 적어 주세요. 운영기관이 확인할 때 참고합니다."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("메시지"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("회사에서 맡은 일 등 운영기관이 알아야 할 내용을 적어 주세요."),
    )
    document = forms.FileField(
        label=_("증빙 서류"),
        required=False,
        help_text=_(
            "사업자등록증 사본 등(PDF, PNG, JPEG, 20 MB 이하). 주민등록번호가 보이면 가리고 올려 주세요."
        ),
    )


class RefuseForm(forms.Form):
    service_fields = {"refusal_reason": "reason"}  # the privacy guard names the model's field
    reason = forms.CharField(
        label=_("반려 사유"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
