from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Agenda citoyen"

    def ready(self):
        from cresol.moderation import registry

        from .models import Event, EventChangeRequest, ImportSource, Occurrence

        registry.register(Event, section="Agenda citoyen", order=20)
        registry.grant_to_moderators(Occurrence, actions=("view", "change"))
        registry.grant_to_moderators(EventChangeRequest, actions=("view", "change"))
        registry.grant_to_moderators(ImportSource, actions=("view", "add", "change"))
