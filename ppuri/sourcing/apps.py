from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "ppuri.sourcing"
    label = "sourcing"
    verbose_name = "Sourcing"
