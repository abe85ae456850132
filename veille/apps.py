from django.apps import AppConfig
from django.db.models.signals import post_migrate

VEILLEURS_GROUP = "Veilleurs"


def ensure_veilleurs_group(**kwargs) -> None:
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=VEILLEURS_GROUP)


class VeilleConfig(AppConfig):
    name = "veille"
    verbose_name = "Veille partagée"

    def ready(self) -> None:
        from cresol.health.registry import register_sources

        from .models import Source as WatchedModel

        register_sources(WatchedModel, label="Flux de la veille (RSS/Atom)", order=40)
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections

        from . import blocks, section

        sections.register(section.SECTION)
        blocks.register_blocks()
        from cresol.search.registry import SearchedSection, register

        from . import search

        register(
            SearchedSection(
                key="veille",
                name="Veille partagée",
                kind="partages",
                kind_one="partage",
                search=search.search,
                list_path="/veille/",
                placed=False,
                order=40,
            )
        )
        from cresol.moderation import registry

        from .models import Item, Share, Source, WatchMember

        registry.register(Share, section="Veille partagée", order=40)
        from cresol.letter.registry import register as register_letter_block

        from . import letter

        register_letter_block(letter.BEST)
        register_letter_block(letter.DEADLINES)
        registry.grant_to_moderators(Source, actions=("view", "add", "change"))
        registry.grant_to_moderators(Item, actions=("view", "change"))
        registry.grant_to_moderators(WatchMember, actions=("view", "change"))
        post_migrate.connect(ensure_veilleurs_group, sender=self)
        from cresol.api import webhooks

        from . import api

        webhooks.register(Share, name="share", payloads=api.COLLECTION.payloads)
