from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "ppuri.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        from ppuri.core import visibility
        from ppuri.knowledge.models import Article
        from ppuri.knowledge.search_documents import ARTICLES
        from ppuri.knowledge.selectors import articles_visible_to
        from ppuri.search.documents import register

        register(ARTICLES)
        from ppuri.core import personal_data
        from ppuri.knowledge.personal_data import KNOWLEDGE

        personal_data.register(KNOWLEDGE)
        visibility.register(Article, articles_visible_to)
