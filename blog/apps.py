from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog contributif"

    def ready(self) -> None:
        from cresol.alerts.registry import register as register_alert_source

        from . import alerts

        register_alert_source(alerts.SOURCE)
        from cresol.core import sections

        from . import blocks, section, slots

        sections.register(section.SECTION)
        blocks.register_blocks()
        slots.register_slots()
        from cresol.search.registry import SearchedSection, register

        from . import search

        register(
            SearchedSection(
                key="blog",
                name="Blog contributif",
                kind="articles",
                kind_one="article",
                search=search.search,
                list_path="/blog/",
                placed=False,
                order=30,
            )
        )
        from django.contrib.auth import get_user_model

        from cresol.moderation import registry

        from .models import Comment, Dossier, Post

        registry.register(Post, section="Blog contributif", order=30)
        from cresol.moderation import queue

        from . import queue as waiting

        queue.register(waiting.FLAGGED_COMMENTS)
        from cresol.letter.registry import register as register_letter_block

        from . import letter

        register_letter_block(letter.POSTS)
        register_letter_block(letter.RESOURCES)
        registry.grant_to_moderators(Dossier, actions=("view", "add", "change"))
        registry.grant_to_moderators(Comment, actions=("view", "change", "delete"))
        # The author pickers of the post admin list members.
        registry.grant_to_moderators(get_user_model(), actions=("view",))
        from cresol.api import webhooks

        from . import api

        webhooks.register(Post, name="post", payloads=api.COLLECTION.payloads)
