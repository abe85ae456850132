from typing import Any

from django.core.management.base import BaseCommand

from cresol.territories.models import Commune
from cresol.territories.services import territories_load


class Command(BaseCommand):
    help = "Charge (ou met à jour) la région, ses départements, ses EPCI et ses communes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si des communes sont déjà chargées.")

    def handle(self, *args, if_empty: bool = False, **options: Any) -> None:
        if if_empty and Commune.objects.exists():
            self.stdout.write("Territoires déjà chargés.")
            return
        report = territories_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoires chargés : {report.regions} région, {report.departements} départements, "
                f"{report.epcis} EPCI, {report.communes} communes."
            )
        )
