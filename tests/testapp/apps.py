from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    verbose_name = "Section de test"

    def ready(self):
        from cresol.moderation import registry

        from .models import Proposal

        registry.register(Proposal, section="Section de test")
