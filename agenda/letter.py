"""The agenda's part of the monthly letter: the events of the month after the letter's, each once."""

from cresol.letter.registry import LetterBlock, LetterItem, Period

from .models import Occurrence
from .recurrence import french_span

MAX_ITEMS = 12


def next_month_events(period: Period) -> list[LetterItem]:
    dates = Occurrence.objects.filter(cancelled=False, event__cancelled=False).between(period.last, period.next_last)
    firsts = Occurrence.objects.next_of_each_event(dates).select_related("event__commune")[:MAX_ITEMS]
    return [
        LetterItem(
            title=date.event.title,
            path=date.event.get_absolute_url(),
            detail=", ".join(
                filter(
                    None,
                    [
                        french_span(date.start, date.end, all_day=date.event.all_day),
                        date.event.commune.name if date.event.commune else "",
                    ],
                )
            ),
        )
        for date in firsts
    ]


BLOCK = LetterBlock(key="agenda", title="L'agenda du mois qui vient", items=next_month_events, order=20)
