from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ModerationConfig(AppConfig):
    name = "cresol.moderation"
    label = "moderation"
    verbose_name = "Modération"

    def ready(self) -> None:
        from .groups import sync_moderators_group

        # Keep the moderators' permissions in step with the registered models after every migrate.
        post_migrate.connect(sync_moderators_group, sender=self)
