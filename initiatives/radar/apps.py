from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "initiatives.radar"
    label = "radar"
    verbose_name = "Radar de l'innovation sociale"

    def ready(self) -> None:
        from cresol.observatory.registry import register

        from . import observatory

        for figure in observatory.FIGURES:
            register(figure)
