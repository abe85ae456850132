"""The blog in the partners' API: published articles, thematic files and experience reports, with the
blog's filters (CC BY-SA 4.0, as on the pages)."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from ninja import Router, Schema

from cresol.accounts.models import display_name_of
from cresol.api.endpoints import Collection, register
from cresol.api.listing import TEXTS
from cresol.themes.models import Theme

from .filters import PostFilter
from .models import Post


class PostOut(Schema):
    id: int
    slug: str
    title: str
    lead: str
    body: str
    body_html: str
    kind: str
    author: str
    coauthors: list[str]
    themes: list[str]
    tags: list[str]
    reading_minutes: int
    published_at: datetime | None
    revised_at: datetime | None
    url: str


def represent(posts: list[Post]) -> list[dict[str, Any]]:
    return [
        {
            "id": post.pk,
            "slug": post.slug,
            "title": post.title,
            "lead": post.lead,
            "body": post.body,
            "body_html": post.body_html,  # sanitised when it was written (nh3)
            "kind": post.kind,
            "author": str(display_name_of(post.author)),
            "coauthors": [str(display_name_of(coauthor)) for coauthor in post.coauthors.all()],
            "themes": [theme.slug for theme in post.themes.all()],
            "tags": sorted(tag.name for tag in post.tags.all()),
            "reading_minutes": post.reading_minutes,
            "published_at": post.published_at,
            "revised_at": post.revised_at,
            "url": settings.SITE_URL + post.get_absolute_url(),
        }
        for post in posts
    ]


def rows(queryset: QuerySet[Post]) -> QuerySet[Post]:
    return queryset.select_related("author").prefetch_related(
        "coauthors",
        Prefetch("themes", Theme.objects.only("slug")),
        Prefetch("tags"),  # type: ignore[misc]  # taggit's manager, unknown to django-stubs
    )


COLLECTION = Collection(
    name="posts",
    plural="les articles publiés",
    item=PostOut,
    licence=TEXTS,
    filterset=PostFilter,
    rows=rows,
    represent=represent,
    detail=Post.objects.published,
)
router = Router(tags=["Blog"])
register(router, COLLECTION)
