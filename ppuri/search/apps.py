from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ppuri.search"
    label = "search"
    verbose_name = "Search"
