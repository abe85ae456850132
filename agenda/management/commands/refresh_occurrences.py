from django.core.management.base import BaseCommand

from agenda.models import Event
from agenda.services import event_regenerate_occurrences


class Command(BaseCommand):
    help = "Prolonge les dates des événements répétés sans fin (à lancer chaque jour)."

    def handle(self, *args, **options):
        events = Event.objects.exclude(frequency="").filter(until__isnull=True, count__isnull=True)
        for event in events.iterator():
            event_regenerate_occurrences(event=event)
        self.stdout.write(self.style.SUCCESS(f"{events.count()} série(s) prolongée(s)."))
