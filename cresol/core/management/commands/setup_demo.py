"""Prepare a development database: territories, demo content and the demo moderator account.

Each app's demo content is loaded once: `DemoLoad` remembers which apps have theirs, so a second
`make run` loads nothing again, and a section added later gets its demo content on the next run.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cresol.core.demo import (
    DEMO_MEMBER_PASSWORD,
    DEMO_MEMBERS,
    DEMO_MODERATOR_EMAIL,
    DEMO_MODERATOR_PASSWORD,
    ensure_demo_moderator,
)
from cresol.core.models import DemoLoad
from cresol.territories.models import Commune
from cresol.territories.services import territories_load


class Command(BaseCommand):
    help = "Charge les territoires et le contenu de démonstration (développement seulement)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Le contenu de démonstration n'est chargé qu'avec DJANGO_DEBUG=1.")
        if not Commune.objects.exists():
            report = territories_load()
            self.stdout.write(f"Territoires chargés : {report.communes} communes, {report.epcis} EPCI.")
        ensure_demo_moderator()
        loaded = set(DemoLoad.objects.values_list("app_label", flat=True))
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if app_config.label in loaded or find_spec(module_name) is None:
                continue
            self.stdout.write(f"Contenu de démonstration : {app_config.verbose_name}")
            with transaction.atomic():
                import_module(module_name).load_demo(self.stdout)
                DemoLoad.objects.create(app_label=app_config.label)
        # Printed at every run: a newcomer needs them to try the member's and the moderator's journeys.
        self.stdout.write(
            self.style.SUCCESS(
                "Compte modérateur de démonstration : "
                f"{DEMO_MODERATOR_EMAIL} / mot de passe : {DEMO_MODERATOR_PASSWORD}"
            )
        )
        members = ", ".join(email for email, *_ in DEMO_MEMBERS)
        self.stdout.write(
            self.style.SUCCESS(f"Comptes membres de démonstration : {members} / mot de passe : {DEMO_MEMBER_PASSWORD}")
        )
