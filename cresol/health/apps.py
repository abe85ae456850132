from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "cresol.health"
    label = "health"
    verbose_name = "Santé du portail"
