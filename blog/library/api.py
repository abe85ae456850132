"""The library in the partners' API: published resources with the library's filters. Each resource
keeps its own licence (`licence`); descriptions are CC BY-SA 4.0."""

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from ninja import Router, Schema

from cresol.api.endpoints import Collection, register
from cresol.api.listing import TEXTS
from cresol.themes.models import Theme

from .filters import ResourceFilter
from .models import Resource


class ResourceOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    description: str
    kind: str
    themes: list[str]
    licence: str
    author_name: str
    year: int | None
    file: str | None
    file_size: int
    link: str
    url: str


def _file_url(resource: Resource) -> str | None:
    if not resource.file:
        return None
    url = resource.file.url  # absolute from S3, a path from the local storage
    return settings.SITE_URL + url if url.startswith("/") else url


def represent(resources: list[Resource]) -> list[dict[str, Any]]:
    return [
        {
            "id": resource.pk,
            "slug": resource.slug,
            "title": resource.title,
            "summary": resource.summary,
            "description": resource.description,
            "kind": resource.kind,
            "themes": [theme.slug for theme in resource.themes.all()],
            "licence": resource.licence,
            "author_name": resource.author_name,
            "year": resource.year,
            "file": _file_url(resource),
            "file_size": resource.file_size,
            "link": resource.link,
            "url": settings.SITE_URL + resource.get_absolute_url(),
        }
        for resource in resources
    ]


def rows(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    return queryset.defer("description_html").prefetch_related(Prefetch("themes", Theme.objects.only("slug")))


router = Router(tags=["Ressources"])
register(
    router,
    Collection(
        name="resources",
        plural="les ressources publiées",
        item=ResourceOut,
        licence=TEXTS,
        filterset=ResourceFilter,
        rows=rows,
        represent=represent,
        detail=Resource.objects.published,
    ),
)
