from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ppuri.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from ppuri.accounts.models import Role
        from ppuri.core import attention, personal_data, visibility
        from ppuri.core.worker import sweep_register
        from ppuri.dashboards.attention import dashboards_entry
        from ppuri.dashboards.models import ReportDownload, ReportJob
        from ppuri.dashboards.personal_data import DASHBOARDS
        from ppuri.dashboards.selectors import report_jobs_visible_to
        from ppuri.dashboards.services import report_jobs_reap

        # Who downloaded which report, and why: the operators' audit, like the access records.
        visibility.register(ReportDownload, visibility.operators_only(ReportDownload))
        # A report made in the background: its reader's alone (a visitor's, through their session).
        visibility.register(ReportJob, report_jobs_visible_to)
        sweep_register(report_jobs_reap)
        personal_data.register(DASHBOARDS)

        attention.register(roles=[Role.CITY, Role.OPERATOR, Role.LABOR_OFFICE], provider=dashboards_entry)
