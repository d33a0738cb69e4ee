from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ppuri.registry"
    label = "registry"
    verbose_name = "Registry"
