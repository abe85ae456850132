import time
from typing import Any

from django.core.management.base import BaseCommand

from veille.fetching import WORKERS, due_sources
from veille.services import sources_fetch


class Command(BaseCommand):
    help = "Récupère les flux RSS/Atom des sources suivies (à planifier, par exemple toutes les 30 minutes)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=WORKERS, help="Téléchargements simultanés.")

    def handle(self, *args, workers: int, **options: Any) -> None:
        started = time.monotonic()
        reports = sources_fetch(due_sources(), workers=workers)
        failed = [r for r in reports if r.error]
        for report in failed:
            self.stdout.write(self.style.WARNING(f"{report.source} : {report.error}"))
        new = sum(r.new_items for r in reports)
        unchanged = sum(r.not_modified for r in reports)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(reports)} source(s), {new} nouvel(le)s entrée(s), {unchanged} inchangée(s), "
                f"{len(failed)} en échec, en {elapsed:.1f} s."
            )
        )
