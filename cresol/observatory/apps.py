from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "cresol.observatory"
    label = "observatory"
    verbose_name = "Observatoire"

    def ready(self) -> None:
        from . import figures, registry

        registry.register(figures.ACTIVE_CONTRIBUTORS)
