"""The blog's part of the monthly letter: the posts of the month, and the library's new resources."""

from cresol.letter.registry import LetterBlock, LetterItem, Period

from .library.models import Resource
from .models import Post

MAX_ITEMS = 10


def month_posts(period: Period) -> list[LetterItem]:
    posts = (
        Post.objects.published(now=period.last)
        .filter(publish_at__gte=period.first, publish_at__lt=period.last)
        .select_related("author")
        .defer("body", "body_html")
        .order_by("publish_at", "pk")[:MAX_ITEMS]
    )
    return [LetterItem(title=p.title, path=p.get_absolute_url(), detail=p.get_kind_display()) for p in posts]


def month_resources(period: Period) -> list[LetterItem]:
    resources = (
        Resource.objects.published()
        .filter(published_at__gte=period.first, published_at__lt=period.last)
        .only("title", "slug", "kind", "author_name")
        .order_by("published_at", "pk")[:MAX_ITEMS]
    )
    return [
        LetterItem(title=r.title, path=r.get_absolute_url(), detail=f"{r.get_kind_display()}, {r.author_name}")
        for r in resources
    ]


POSTS = LetterBlock(key="blog", title="Sur le blog ce mois-ci", items=month_posts, order=30)
RESOURCES = LetterBlock(key="ressources", title="Nouvelles ressources", items=month_resources, order=35)
