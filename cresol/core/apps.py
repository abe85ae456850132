from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cresol.core"
    label = "core"
    verbose_name = "Portail"

    def ready(self) -> None:
        from .pagecache import watch_content_writes

        # Cache invalidation, not a side effect of the domain: it must follow every write, whoever
        # makes it, hence signals rather than services (see cresol/core/pagecache.py).
        watch_content_writes()
