from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ppuri.api"
    label = "api"
    verbose_name = "API"
