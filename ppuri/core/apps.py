from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ppuri.core"
    label = "core"
    verbose_name = "Ppuri core"
