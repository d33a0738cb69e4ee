from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ppuri.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from ppuri.accounts.models import Role
        from ppuri.core import attention, personal_data, visibility
        from ppuri.dashboards.attention import dashboards_entry
        from ppuri.dashboards.models import ReportDownload
        from ppuri.dashboards.personal_data import DASHBOARDS

        # Who downloaded which report, and why: the operators' audit, like the access records.
        visibility.register(ReportDownload, visibility.operators_only(ReportDownload))
        personal_data.register(DASHBOARDS)

        attention.register(roles=[Role.CITY, Role.OPERATOR, Role.LABOR_OFFICE], provider=dashboards_entry)
