"""The cooperations' part of the monthly letter: the needs and offers published during the month and
still open."""

from cresol.letter.registry import LetterBlock, LetterItem, Period

from .models import Cooperation

MAX_ITEMS = 12


def new_cooperations(period: Period) -> list[LetterItem]:
    cooperations = (
        Cooperation.objects.current(period.last.date())
        .filter(published_at__gte=period.first, published_at__lt=period.last)
        .select_related("commune")
        .only("title", "slug", "direction", "commune__name")
        .order_by("published_at", "pk")[:MAX_ITEMS]
    )
    return [
        LetterItem(title=f"{c.get_direction_display()} : {c.title}", path=c.get_absolute_url(), detail=c.commune.name)
        for c in cooperations
    ]


BLOCK = LetterBlock(key="cooperations", title="Besoins et offres de coopération", items=new_cooperations, order=15)
