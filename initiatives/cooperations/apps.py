from django.apps import AppConfig


class CooperationsConfig(AppConfig):
    name = "initiatives.cooperations"
    label = "cooperations"
    verbose_name = "Coopérations"

    def ready(self) -> None:
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections
        from cresol.letter.registry import register as register_letter_block
        from cresol.moderation import registry
        from cresol.search.registry import SearchedSection
        from cresol.search.registry import register as register_search

        from . import blocks, letter, search, section
        from .models import Cooperation

        sections.register(section.SECTION)
        blocks.register_blocks()
        register_letter_block(letter.BLOCK)
        register_search(
            SearchedSection(
                key="cooperations",
                name="Coopérations",
                kind="annonces de coopération",
                kind_one="annonce de coopération",
                search=search.search,
                list_path="/cooperations/",
                order=15,
            )
        )
        # Moderated at first publication only: later edits of a published one show at once.
        registry.register(Cooperation, section="Coopérations", order=15)
