from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "ppuri.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from ppuri.core.worker import warm_up_register
        from ppuri.search.analysis import analyzer_warm_up
        from ppuri.search.services import index_drop_orphans_after_migrate

        post_migrate.connect(index_drop_orphans_after_migrate, sender=self)
        warm_up_register(analyzer_warm_up)  # imports index what they write
