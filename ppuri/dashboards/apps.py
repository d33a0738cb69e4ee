from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ppuri.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
