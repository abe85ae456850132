from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Archipel O Centre"

    def ready(self) -> None:
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections

        from . import blocks, section

        sections.register(section.SECTION)
        blocks.register_blocks()
        from cresol.observatory.registry import register as register_figure

        from . import observatory

        for figure in observatory.FIGURES:
            register_figure(figure)
        from cresol.search.registry import SearchedSection, register

        from . import search

        register(
            SearchedSection(
                key="initiatives",
                name="Archipel O Centre",
                kind="initiatives",
                kind_one="initiative",
                search=search.search,
                list_path="/initiatives/",
                order=10,
            )
        )
        from cresol.moderation import registry
        from cresol.territories.models import Commune

        from .models import ChangeRequest, Initiative, InitiativeImport, Report

        registry.register(Initiative, section="Archipel O Centre", order=10)
        from cresol.letter.registry import register as register_letter_block

        from . import letter

        register_letter_block(letter.BLOCK)
        registry.grant_to_moderators(ChangeRequest, actions=("view", "change"))
        registry.grant_to_moderators(Report, actions=("view", "change"))
        registry.grant_to_moderators(InitiativeImport, actions=("view", "add"))  # the CSV import
        registry.grant_to_moderators(Commune, actions=("view",))  # the commune picker of the admin
        from cresol.moderation import queue

        from . import queue as waiting

        queue.register(waiting.REPORTS)
        queue.register(waiting.IMPORTS)
        from cresol.api import webhooks

        from . import api

        webhooks.register(Initiative, name="initiative", payloads=api.COLLECTION.payloads)
