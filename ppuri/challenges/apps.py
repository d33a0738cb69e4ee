from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "ppuri.challenges"
    label = "challenges"
    verbose_name = "Limit-technology desk"
