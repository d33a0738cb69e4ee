from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.accounts.models import Role
from ppuri.core.forms import blank_choice
from ppuri.registry.invitations.services import NAME_MAX, OPERATOR_ROLES
from ppuri.registry.models import Membership, Organization


class InviteForm(forms.Form):
    email = forms.CharField(
        label=_("이메일"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    membership_role = forms.ChoiceField(
        label=_("권한"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class OperatorInviteForm(InviteForm):
    """Institution staff: the operator names the organization and the account's role."""

    organization = forms.ModelChoiceField(label=_("기관·기업"), queryset=Organization.objects.none())
    user_role = forms.ChoiceField(label=_("계정 역할"))

    field_order = ["email", "organization", "user_role", "membership_role"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        organization: forms.ModelChoiceField = self.fields["organization"]  # type: ignore[assignment]
        organization.queryset = Organization.objects.exclude(kind=Organization.Kind.COMPANY).order_by("name")
        role: forms.ChoiceField = self.fields["user_role"]  # type: ignore[assignment]
        role.choices = blank_choice() + [(r.value, r.label) for r in OPERATOR_ROLES if r != Role.COMPANY]


class AcceptForm(forms.Form):
    service_fields = {"display_name": "name"}  # the privacy guard names the model's field
    name = forms.CharField(
        label=_("이름"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("10자 이상, 흔하거나 숫자로만 된 비밀번호는 쓸 수 없습니다."),
    )
    password_again = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("비밀번호가 서로 다릅니다."))
        return cleaned
