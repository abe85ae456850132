"""Send the alerts due today by hand (the worker does it every morning): `manage.py send_alerts`."""

from django.core.management.base import BaseCommand

from cresol.alerts.services import alerts_send


class Command(BaseCommand):
    help = "Envoie les alertes du jour (les hebdomadaires le lundi) ; rien deux fois."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{alerts_send()} e-mails d'alerte mis en file d'envoi")
