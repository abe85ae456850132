from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "cresol.alerts"
    label = "alerts"
    verbose_name = "Alertes"

    def ready(self) -> None:
        from cresol.core.blocks import Block, Place, register

        from . import blocks

        register(Block(Place.MEMBER, "alerts", "alerts/_member_block.html", blocks.of_member, order=5))
