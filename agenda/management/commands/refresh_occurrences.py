from django.core.management.base import BaseCommand
from django.utils import timezone

from agenda.models import Event
from agenda.services import event_regenerate_occurrences


class Command(BaseCommand):
    help = "Fait avancer la fenêtre des dates des séries en cours (à lancer chaque jour)."

    def handle(self, *args, **options):
        # Every series not over yet: endless ones, and long ones (an end far ahead, or many times).
        today = timezone.localdate()
        events = Event.objects.exclude(frequency="", recurrence="").exclude(until__lt=today)
        count = 0
        for event in events.iterator():
            event_regenerate_occurrences(event=event)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} série(s) prolongée(s)."))
