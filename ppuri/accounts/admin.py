from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts import services
from ppuri.accounts.models import ApiToken, User
from ppuri.accounts.security.mfa import mfa_reset
from ppuri.core.forms import FreeTextChecked, FreeTextCheckedModelForm


class CheckedUserChangeForm(FreeTextChecked, UserChangeForm):
    pass


class CheckedUserCreationForm(FreeTextChecked, AdminUserCreationForm):
    pass


# django-otp's device screens would let anyone in the back office read a TOTP key or delete a device
# unlogged; a device is reset through the user list's action below (accounts.security.mfa.mfa_reset).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.action(description=gettext_lazy("2단계 인증 초기화 (인증 앱을 잃은 경우)"))
def reset_second_factor(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    for user in queryset:
        mfa_reset(actor=request.user, user=user)  # type: ignore[arg-type]
    modeladmin.message_user(
        request,
        _("%(count)d명의 2단계 인증을 초기화했습니다. 다음 로그인 때 다시 등록합니다.")
        % {"count": len(queryset)},
        messages.SUCCESS,
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    actions = [reset_second_factor]
    form = CheckedUserChangeForm
    add_form = CheckedUserCreationForm
    list_display = ["username", "display_name", "role", "may_post_for_institution", "is_active", "last_login"]
    list_filter = ["role", "may_post_for_institution", "is_active", "is_staff"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Ppuri", {"fields": ["role", "display_name", "may_post_for_institution"]}),
    )

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        # The permission to post in an institution's name goes through its service, which logs who
        # allowed it; the rest of the form is Django's.
        allowed = obj.may_post_for_institution
        if change and "may_post_for_institution" in form.changed_data:
            obj.may_post_for_institution = not allowed
            super().save_model(request, obj, form, change)
            services.user_institution_posting_set(actor=request.user, user=obj, allowed=allowed)
            return
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = FreeTextCheckedModelForm
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["name", "prefix", "user__username"]

    def has_add_permission(self, request: object) -> bool:
        # Tokens are created through accounts.services.api_token_create, which shows the key once.
        return False
