from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "ppuri.challenges"
    label = "challenges"
    verbose_name = "Limit-technology desk"

    def ready(self) -> None:
        from ppuri.challenges.search_documents import CHALLENGES, EXPERTS
        from ppuri.search.documents import register

        register(EXPERTS)
        register(CHALLENGES)
