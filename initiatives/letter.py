"""Archipel O Centre's part of the monthly letter: the initiatives published during the month."""

from cresol.letter.registry import LetterBlock, LetterItem, Period

from .models import Initiative

MAX_ITEMS = 12


def new_initiatives(period: Period) -> list[LetterItem]:
    initiatives = (
        Initiative.objects.published()
        .filter(published_at__gte=period.first, published_at__lt=period.last)
        .select_related("commune")
        .only("name", "slug", "summary", "commune__name")
        .order_by("published_at", "pk")[:MAX_ITEMS]
    )
    return [LetterItem(title=i.name, path=i.get_absolute_url(), detail=i.commune.name) for i in initiatives]


BLOCK = LetterBlock(key="initiatives", title="Nouvelles initiatives sur la carte", items=new_initiatives, order=10)
