from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "blog.library"
    label = "library"
    verbose_name = "Ressources"

    def ready(self) -> None:
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections

        from . import blocks, section

        sections.register(section.SECTION)
        blocks.register_blocks()
        from cresol.moderation import registry
        from cresol.search.registry import SearchedSection, register

        from . import search, services
        from .models import Resource

        registry.register(Resource, section="Ressources", order=35, after_decision=services.resources_after_decision)
        register(
            SearchedSection(
                key="ressources",
                name="Ressources",
                kind="ressources",
                kind_one="ressource",
                search=search.search,
                list_path="/ressources/",
                placed=False,
                order=35,
            )
        )
