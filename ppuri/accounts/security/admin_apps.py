"""Django's admin app with Ppuri's back-office site as its default site (admin.site). Kept apart
from admin_site.py: INSTALLED_APPS imports this module before any model exists."""

from django.contrib.admin.apps import AdminConfig


class BackOfficeAdminConfig(AdminConfig):
    default_site = "ppuri.accounts.security.admin_site.BackOfficeSite"
