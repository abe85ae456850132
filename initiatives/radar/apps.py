from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "initiatives.radar"
    label = "radar"
    verbose_name = "Radar de l'innovation sociale"
