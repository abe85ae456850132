from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cresol.core"
    label = "core"
    verbose_name = "Portail"

    def ready(self) -> None:
        from .memberpages import register_slot
        from .versions import watch_content_writes

        # Cache invalidation, not a side effect of the domain: it must follow every write, whoever
        # makes it, hence signals rather than services (see cresol/core/versions.py).
        watch_content_writes()
        # Each member's own parts of every page (cresol/core/memberpages.py).
        register_slot("account_nav", "includes/_account_nav.html")
        register_slot("messages", "includes/_messages.html")
        register_slot("join_call", "core/_join_call.html")
