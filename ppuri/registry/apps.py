from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ppuri.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from ppuri.registry.search_documents import COMPANIES
        from ppuri.search.documents import register

        register(COMPANIES)
