"""manage.py compose_letter [--month 2026-11]: the draft of a month's letter (by default the month
that ended), for staff to review and send from the admin."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cresol.letter.services import AlreadySent, add_months, letter_compose, month_start


class Command(BaseCommand):
    help = "Compose the draft of a month's letter (the month that ended, unless --month names one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", help="YYYY-MM")

    def handle(self, *args: Any, month: str | None = None, **options: Any) -> None:
        if month:
            try:
                year, number = (int(part) for part in month.split("-"))
                first = date(year, number, 1)
            except ValueError as error:
                raise CommandError("--month s'écrit AAAA-MM, par exemple 2026-11.") from error
        else:
            first = add_months(month_start(timezone.localdate()), -1)
        try:
            letter = letter_compose(month=first)
        except AlreadySent as error:
            raise CommandError(f"La lettre de {first:%Y-%m} est déjà envoyée.") from error
        self.stdout.write(f"{letter.subject} : composée, à relire dans l'administration.")
