from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class TotpCodeForm(forms.Form):
    """The code an authenticator shows, to confirm its enrolment."""

    code = forms.CharField(
        label=_("인증 코드"),
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("인증 앱에 표시된 6자리 숫자를 입력해 주세요."))],
        help_text=_("인증 앱에 표시된 6자리 숫자"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator, or one of the recovery codes."""

    code = forms.CharField(
        label=_("인증 코드 또는 복구 코드"),
        max_length=40,
        help_text=_(
            "인증 앱의 6자리 숫자, 또는 인증 앱을 쓸 수 없을 때 복구 코드 하나(예: abcd-efgh-jkmn-pqrs)"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
