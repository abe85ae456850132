"""The watch's part of the monthly letter: the month's most shared links and the coming deadlines."""

from django.db.models import Count, OuterRef, Subquery
from django.utils import formats

from cresol.letter.registry import LetterBlock, LetterItem, Period
from cresol.moderation.models import Status

from .models import Share

MAX_ITEMS = 8


def best_shares(period: Period) -> list[LetterItem]:
    """The month's shares, those several members shared first (the same address counted once)."""
    month = Share.objects.filter(status=Status.PUBLISHED, published_at__gte=period.first, published_at__lt=period.last)
    times_shared = (
        Share.objects.filter(status=Status.PUBLISHED, canonical_url=OuterRef("canonical_url"))
        .order_by()
        .values("canonical_url")
        .annotate(total=Count("pk"))
        .values("total")
    )
    firsts = month.order_by("canonical_url", "published_at", "pk").distinct("canonical_url").values("pk")
    shares = (
        Share.objects.filter(pk__in=firsts)
        .annotate(times=Subquery(times_shared))
        .select_related("item__source")
        .order_by("-times", "-published_at", "-pk")[:MAX_ITEMS]
    )
    return [
        LetterItem(
            title=s.title, path=s.get_absolute_url(), detail=s.item.source.name if s.item and s.item.source else ""
        )
        for s in shares
    ]


def coming_deadlines(period: Period) -> list[LetterItem]:
    """Calls for projects and funding closing from the letter's end to the end of the next month."""
    shares = (
        Share.objects.filter(
            status=Status.PUBLISHED, deadline__gte=period.last.date(), deadline__lt=period.next_last.date()
        )
        .only("title", "deadline")
        .order_by("deadline", "pk")[:MAX_ITEMS]
    )
    return [
        LetterItem(
            title=s.title,
            path=s.get_absolute_url(),
            detail=f"jusqu'au {formats.date_format(s.deadline or '', 'j F Y')}",
        )
        for s in shares
    ]


BEST = LetterBlock(key="veille", title="Le meilleur de la veille", items=best_shares, order=40)
DEADLINES = LetterBlock(key="echeances", title="Échéances à ne pas manquer", items=coming_deadlines, order=45)
