from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from agenda.generator import build, save_generated
from agenda.models import Event


class Command(BaseCommand):
    help = "Crée N événements publiés de démonstration (marqués comme tels), pour les tests de charge."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument("--days", type=int, default=180, help="Étalés sur ce nombre de jours à venir.")

    def handle(self, *args, count: int, seed: int, days: int, **options: Any) -> None:
        if not 1 <= count <= 200_000:
            raise CommandError("--count doit être entre 1 et 200 000.")
        created = save_generated(
            build(count, seed=seed, spread_days=days), slug_prefix=f"seed{seed}-{Event.objects.count()}-"
        )
        # Bulk loads leave the planner's statistics stale until autovacuum comes by: refresh them now.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE agenda_event, agenda_occurrence, agenda_event_themes")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} événements créés."))
