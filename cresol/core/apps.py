from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cresol.core"
    label = "core"
    verbose_name = "Portail"
