"""The themes in the API: the taxonomy every section shares (an aggregator maps its own onto it)."""

from typing import Any

import django_filters
from django.conf import settings
from ninja import Router, Schema

from cresol.api.endpoints import Collection, register
from cresol.api.listing import DATA

from .models import Theme


class ThemeOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    colour: str
    url: str


class ThemeFilter(django_filters.FilterSet):
    class Meta:
        model = Theme
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, queryset=Theme.objects.all(), **kwargs)


def represent(themes: list[Theme]) -> list[dict[str, Any]]:
    return [
        {
            "id": theme.pk,
            "slug": theme.slug,
            "name": theme.name,
            "description": theme.description,
            "colour": theme.colour,
            "url": settings.SITE_URL + theme.get_absolute_url(),
        }
        for theme in themes
    ]


router = Router(tags=["Thématiques"])
register(
    router,
    Collection(
        name="themes",
        plural="les thématiques",
        item=ThemeOut,
        licence=DATA,
        filterset=ThemeFilter,
        rows=lambda queryset: queryset.only("slug", "name", "description", "colour"),
        represent=represent,
        detail=Theme.objects.all,
    ),
)
