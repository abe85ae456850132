from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cresol.people"
    label = "people"
    verbose_name = "Personnes ressources"

    def ready(self) -> None:
        from cresol.moderation import registry

        from .models import ResourcePerson

        # Moderated at first publication only: later edits of a published profile show at once.
        registry.register(ResourcePerson, section="Personnes ressources", order=60)
