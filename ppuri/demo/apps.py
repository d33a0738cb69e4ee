from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ppuri.demo"
    label = "demo"
    verbose_name = "Demo data"
