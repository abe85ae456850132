from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "cresol.outbox"
    label = "outbox"
    verbose_name = "Courriels"
