from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "cresol.themes"
    label = "themes"
    verbose_name = "Thématiques"

    def ready(self) -> None:
        from cresol.moderation.registry import grant_to_moderators

        from .models import Theme

        # Staff edit the shared taxonomy; the moderators are the staff who run the portal day to day.
        grant_to_moderators(Theme)
