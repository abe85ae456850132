from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Agenda citoyen"

    def ready(self) -> None:
        from cresol.health.registry import register_sources

        from .models import ImportSource as WatchedModel

        register_sources(WatchedModel, label="Agendas partenaires (iCalendar)", order=20)
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections

        from . import blocks, section, slots

        sections.register(section.SECTION)
        blocks.register_blocks()
        slots.register_slots()
        from cresol.observatory.registry import register as register_figure

        from . import observatory

        for figure in observatory.FIGURES:
            register_figure(figure)
        from cresol.search.registry import SearchedSection, register

        from . import search

        register(
            SearchedSection(
                key="agenda",
                name="Agenda citoyen",
                kind="événements",
                kind_one="événement",
                search=search.search,
                list_path="/agenda/",
                order=20,
            )
        )
        from cresol.moderation import registry

        from .models import Event, EventChangeRequest, ImportSource, Occurrence

        registry.register(Event, section="Agenda citoyen", order=20)
        from cresol.letter.registry import register as register_letter_block

        from . import letter

        register_letter_block(letter.BLOCK)
        registry.grant_to_moderators(Occurrence, actions=("view", "change"))
        registry.grant_to_moderators(EventChangeRequest, actions=("view", "change"))
        registry.grant_to_moderators(ImportSource, actions=("view", "add", "change"))
        from cresol.api import webhooks

        from . import api

        webhooks.register(Event, name="event", payloads=api.COLLECTION.payloads)
