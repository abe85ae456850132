from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cresol.api"
    label = "api"
    verbose_name = "API des partenaires"

    def ready(self) -> None:
        from cresol.moderation import registry

        from . import webhooks

        registry.on_decision(webhooks.content_decided)
