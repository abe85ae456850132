from django.core.management.base import BaseCommand

from cresol.territories.loader import load_territories


class Command(BaseCommand):
    help = "Charge (ou met à jour) la région, ses départements, ses EPCI et ses communes."

    def handle(self, *args, **options):
        report = load_territories()
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoires chargés : {report.regions} région, {report.departements} départements, "
                f"{report.epcis} EPCI, {report.communes} communes."
            )
        )
