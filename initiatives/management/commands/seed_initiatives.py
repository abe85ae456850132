from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from initiatives.generator import build, save_generated
from initiatives.models import Initiative


class Command(BaseCommand):
    help = "Crée N initiatives publiées de démonstration (marquées comme telles), pour les tests de charge."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True, help="Nombre d'initiatives à créer.")
        parser.add_argument("--seed", type=int, default=2026, help="Graine du générateur (reproductible).")

    def handle(self, *args, count: int, seed: int, **options: Any) -> None:
        if count < 1 or count > 500_000:
            raise CommandError("--count doit être entre 1 et 500 000.")
        prefix = f"seed{seed}-{Initiative.objects.count()}-"
        created = save_generated(build(count, seed=seed, slug_prefix=prefix))
        # Bulk loads leave the planner's statistics stale until autovacuum comes by: refresh them now.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE initiatives_initiative, initiatives_initiative_themes")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} initiatives créées."))
