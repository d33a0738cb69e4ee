from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("이름"), max_length=100, help_text=_("어디에 쓰는 토큰인지 적습니다."))
    valid_days = forms.IntegerField(
        label=_("유효 기간(일)"), min_value=1, max_value=365, initial=90, help_text=_("1~365일")
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("표시 이름"),
        max_length=100,
        required=False,
        help_text=_("다른 사용자에게 보이는 이름입니다. 비우면 아이디가 보입니다."),
    )


class EmailChangeForm(forms.Form):
    # A CharField: the service checks the address and says what is wrong at this field.
    email = forms.CharField(
        label=_("새 전자우편 주소"),
        max_length=254,
        help_text=_("새 주소로 확인 링크를 보냅니다. 링크를 열어 확인해야 주소가 바뀝니다."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("본인 확인을 위해 지금 비밀번호를 입력합니다."),
    )
