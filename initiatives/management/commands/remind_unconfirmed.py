from typing import Any

from django.core.management.base import BaseCommand

from initiatives.services import reminders_send


class Command(BaseCommand):
    help = (
        "Écrit au contact de chaque initiative non confirmée depuis 12 mois un lien qui confirme, "
        "en un clic et sans compte, qu'elle est toujours active. Jamais deux fois pour la même période."
    )

    def handle(self, *args, **options: Any) -> None:
        sent, skipped = reminders_send()
        self.stdout.write(self.style.SUCCESS(f"{sent} rappel(s) envoyé(s), {skipped} ignoré(s)."))
