from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "cresol.territories"
    label = "territories"
    verbose_name = "Territoires"
