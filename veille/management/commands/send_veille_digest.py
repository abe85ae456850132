from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from veille.digest import iso_week
from veille.services import digest_send


class Command(BaseCommand):
    help = "Envoie la lettre de veille de la semaine écoulée aux abonnés (jamais deux fois la même semaine)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--week", help="Semaine ISO, par exemple 2026-W47 (par défaut : la semaine écoulée).")

    def handle(self, *args: Any, week: str | None = None, **options: Any) -> None:
        week = week or iso_week(timezone.localdate() - timedelta(days=7))
        if not (len(week) in (7, 8) and "-W" in week):
            raise CommandError("--week attend une semaine ISO, par exemple 2026-W47.")
        sent, skipped = digest_send(week=week)
        self.stdout.write(self.style.SUCCESS(f"Semaine {week} : {sent} lettre(s) envoyée(s), {skipped} ignorée(s)."))
