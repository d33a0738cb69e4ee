from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReferenceConfig(AppConfig):
    name = "ppuri.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        # Reference vocabulary lives in data files under reference/data/ and is synced after every
        # migrate (and every test-database flush), the way Django itself keeps content types and
        # permissions in step. The sync is idempotent.
        from ppuri.core import visibility
        from ppuri.reference.services import reference_sync_after_migrate

        post_migrate.connect(reference_sync_after_migrate, sender=self)
        for model in self.get_models():
            visibility.register(model, visibility.public(model))
