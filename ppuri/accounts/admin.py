from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from ppuri.accounts import services
from ppuri.accounts.models import ApiToken, User
from ppuri.core.forms import FreeTextChecked, FreeTextCheckedModelForm


class CheckedUserChangeForm(FreeTextChecked, UserChangeForm):
    pass


class CheckedUserCreationForm(FreeTextChecked, AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
