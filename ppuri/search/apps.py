from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "ppuri.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from ppuri.search.services import index_drop_orphans_after_migrate

        post_migrate.connect(index_drop_orphans_after_migrate, sender=self)
