from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "ppuri.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        from ppuri.knowledge.search_documents import ARTICLES
        from ppuri.search.documents import register

        register(ARTICLES)
