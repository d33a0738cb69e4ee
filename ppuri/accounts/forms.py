from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("이름"), max_length=100, help_text=_("어디에 쓰는 토큰인지 적습니다."))
    valid_days = forms.IntegerField(
        label=_("유효 기간(일)"), min_value=1, max_value=365, initial=90, help_text=_("1~365일")
    )
