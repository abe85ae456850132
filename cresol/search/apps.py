from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cresol.search"
    label = "search"
    verbose_name = "Recherche"
