from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ppuri.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.dashboards.attention import dashboards_entry

        attention.register(roles=[Role.CITY, Role.OPERATOR, Role.LABOR_OFFICE], provider=dashboards_entry)
