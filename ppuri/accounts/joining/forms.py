from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ppuri.accounts.joining import notice
from ppuri.accounts.models import Role, User
from ppuri.core.privacy import refuse_resident_number

KIND_CHOICES = [
    (Role.SEEKER.value, _("구직자·학생: 뿌리기업 일자리와 지원사업을 찾습니다.")),
    (Role.COMPANY.value, _("기업 담당자: 우리 회사 정보를 관리하고 견적·자문을 요청합니다.")),
]


class SignupForm(forms.Form):
    kind = forms.ChoiceField(label=_("가입 유형"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    email = forms.EmailField(
        label=_("전자우편"),
        max_length=254,
        help_text=_("로그인에 쓰고, 확인 메일을 보냅니다."),
        validators=[refuse_resident_number],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("표시 이름"),
        max_length=100,
        help_text=_("다른 이용자에게 보이는 이름입니다. 실명이 아니어도 됩니다."),
        validators=[refuse_resident_number],
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent_account = forms.BooleanField(
        label=_("[필수] 회원 가입 및 관리를 위한 개인정보 수집·이용에 동의합니다."),
        error_messages={"required": _("필수 항목에 동의해야 가입할 수 있습니다.")},
    )
    consent_job_offers = forms.BooleanField(
        label=_("[선택] 채용 제안을 받기 위한 개인정보 수집·이용에 동의합니다."), required=False
    )
    consent_program_news = forms.BooleanField(
        label=_("[선택] 지원사업 안내를 받기 위한 개인정보 수집·이용에 동의합니다."), required=False
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("두 비밀번호가 다릅니다."))
        elif first:
            probe = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                validate_password(first, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def optional_purposes(self) -> list[str]:
        return [
            item.purpose.value
            for item in notice.OPTIONAL
            if self.cleaned_data.get(f"consent_{item.purpose.value}")
        ]


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("전자우편"),
        max_length=254,
        validators=[refuse_resident_number],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class LoginForm(AuthenticationForm):
    """Django's form, with the address accepted as the username and sign-ups that have not confirmed
    their address refused (the password was right, so saying why reveals nothing new)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("전자우편 또는 아이디")

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if getattr(user, "awaiting_email_verification", False):
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("전자우편 주소를 아직 확인하지 않았습니다. 가입할 때 받은 메일의 링크를 눌러 주세요."),
                    reverse("accounts:verification_resend"),
                    _("확인 메일 다시 받기"),
                ),
                code="email_unverified",
            )
