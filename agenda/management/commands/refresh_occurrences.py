from typing import Any

from django.core.management.base import BaseCommand

from agenda.services import events_refresh_occurrences


class Command(BaseCommand):
    help = "Fait avancer la fenêtre des dates des séries en cours (le worker le fait chaque nuit)."

    def handle(self, *args, **options: Any) -> None:
        count = events_refresh_occurrences()
        self.stdout.write(self.style.SUCCESS(f"{count} série(s) prolongée(s)."))
