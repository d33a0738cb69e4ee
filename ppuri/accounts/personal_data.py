"""The account's own data for "my data" (core.personal_data): the account's fields, its consents and
its API tokens (names and dates only: a token's hash is never shown, not even to its owner)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import ApiToken, Consent
from ppuri.core.personal_data import Erasure, Kept, Provider, Section, rows


def export(user: Any) -> list[Section]:
    account = Section(
        key="account",
        title=_("계정"),
        rows=rows(
            (_("아이디"), user.username),
            (_("표시 이름"), user.display_name),
            (_("성"), user.last_name),
            (_("이름"), user.first_name),
            (_("전자우편"), user.email),
            (_("전자우편 확인 시각"), user.email_verified_at),
            (_("역할"), user.get_role_display()),
            (_("가입 일시"), user.date_joined),
            (_("마지막 로그인"), user.last_login),
        ),
    )
    consents = Section(
        key="consents",
        title=_("개인정보 수집·이용 동의"),
        rows=[
            row
            for consent in Consent.objects.filter(user=user).order_by("given_at", "id")
            for row in rows(
                (
                    consent.get_purpose_display(),
                    _("%(version)s판 고지에 %(given)s 동의%(withdrawn)s")
                    % {
                        "version": consent.notice_version,
                        "given": timezone.localtime(consent.given_at).strftime("%Y-%m-%d %H:%M"),
                        "withdrawn": _(", %(at)s 철회")
                        % {"at": timezone.localtime(consent.withdrawn_at).strftime("%Y-%m-%d %H:%M")}
                        if consent.withdrawn_at
                        else "",
                    },
                )
            )
        ],
    )
    tokens = Section(
        key="api_tokens",
        title=_("API 토큰"),
        rows=[
            row
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "id")
            for row in rows(
                (
                    token.name,
                    _("만든 때 %(created)s · 마지막 사용 %(used)s · 만료 %(expires)s%(revoked)s")
                    % {
                        "created": timezone.localtime(token.created_at).strftime("%Y-%m-%d"),
                        "used": timezone.localtime(token.last_used_at).strftime("%Y-%m-%d")
                        if token.last_used_at
                        else "-",
                        "expires": timezone.localtime(token.expires_at).strftime("%Y-%m-%d")
                        if token.expires_at
                        else "-",
                        "revoked": _(" · 폐기됨") if token.revoked_at else "",
                    },
                )
            )
        ],
    )
    # The second factor: that it is on and how, never a key or a code (those are secrets, not data
    # about the person).
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).count()
    static = StaticDevice.objects.filter(user=user).first()
    codes_left = static.token_set.count() if static else 0
    second_factor = Section(
        key="second_factor",
        title=_("2단계 인증"),
        rows=rows(
            (_("인증 앱"), totp),
            (_("남은 복구 코드"), codes_left),
        ),
    )
    return [account, consents, tokens, second_factor]


def erase(user: Any) -> Erasure:
    """Tokens go; consents are withdrawn but stay as the record of what was consented and when.
    The account row itself is anonymised by accounts.services.account_delete."""
    done = Erasure()
    tokens, _by_model = ApiToken.objects.filter(user=user).delete()
    if tokens:
        done.erased.append(_("API 토큰 %(count)d개를 지웠습니다.") % {"count": tokens})
    devices = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    if devices:
        done.erased.append(_("2단계 인증 장치와 복구 코드를 지웠습니다."))
    withdrawn = Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if withdrawn:
        done.kept.append(
            _("동의 %(count)d건을 철회 처리하고, 동의했던 기록은 남겼습니다.") % {"count": withdrawn}
        )
    return done


ACCOUNTS = Provider(
    key="accounts",
    models=("accounts.ApiToken", "accounts.Consent", "otp_totp.TOTPDevice", "otp_static.StaticDevice"),
    export=export,
    erase=erase,
    order=10,
    deletes=(
        gettext_lazy("아이디, 표시 이름, 성명, 전자우편 주소와 비밀번호(아이디는 'deleted-번호'로 바뀝니다)"),
        gettext_lazy("API 토큰"),
        gettext_lazy("2단계 인증 장치와 복구 코드"),
    ),
    keeps=(
        Kept(
            what=gettext_lazy("개인정보 수집·이용 동의 기록(목적, 고지문 판, 동의·철회 시각)"),
            why=gettext_lazy("동의를 받았다는 사실을 증명해야 하므로(개인정보 보호법 제22조)"),
            how_long=gettext_lazy("탈퇴 후 3년"),
        ),
    ),
)
