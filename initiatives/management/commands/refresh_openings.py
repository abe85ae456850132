from typing import Any

from django.core.management.base import BaseCommand

from cresol.core.wording import count_of
from initiatives.services import initiative_openings_refresh


class Command(BaseCommand):
    help = (
        "Recalcule les périodes d'ouverture des deux semaines à venir de chaque initiative (le filtre "
        "« ouvert maintenant »). Le worker le fait chaque nuit."
    )

    def handle(self, *args, **options: Any) -> None:
        count = initiative_openings_refresh()
        self.stdout.write(self.style.SUCCESS(count_of(count, "initiative à jour.", "initiatives à jour.")))
