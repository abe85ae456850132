from typing import Any

from django.core.management.base import BaseCommand

from agenda.importer import due_sources, import_source


class Command(BaseCommand):
    help = "Importe les agendas iCalendar des partenaires (sources gérées dans l'administration)."

    def handle(self, *args, **options: Any) -> None:
        for source in due_sources():
            report = import_source(source)
            style = self.style.ERROR if report.error else self.style.SUCCESS
            self.stdout.write(style(f"{source} : {report}"))
