"""Archipel O Centre's blocks on the pages it does not own (cresol.core.blocks): the home page, a
theme's, a territory's. Registered in InitiativesConfig.ready()."""

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cresol.core.blocks import Block, Place, register
from cresol.moderation.models import Status
from cresol.themes.models import Theme

from .models import Initiative


def home() -> dict:
    """The home page's block: published initiatives per theme, and the call to list one."""
    themes = Theme.objects.annotate(
        initiative_count=Count("initiatives", filter=Q(initiatives__status=Status.PUBLISHED))
    ).filter(initiative_count__gt=0)
    return {"themes": themes, "total": Initiative.objects.published().count()}


def _legend() -> list[dict]:
    # The markers take their main theme's colour, which may be another theme: the legend has them all.
    return [{"id": theme.pk, "slug": theme.slug, "name": theme.name} for theme in Theme.objects.all()]


def of_theme(theme: Any, count: int = 6) -> dict:
    """A theme's page: how many initiatives, a few of them (newest first) and a small map of all."""
    published = Initiative.objects.published().filter(themes=theme)
    return {
        "theme": theme,
        "total": published.count(),
        "initiatives": published.for_listing().prefetch_related("themes").order_by("-published_at", "-pk")[:count],
        "themes_legend": _legend(),
    }


def of_territory(territory: Any, count: int = 6) -> dict:
    """A territory's page: its initiatives (a small map, the latest, how many on each theme)."""
    published = Initiative.objects.published().filter(territory.commune_lookup("commune__"))
    by_theme = (
        Theme.objects.filter(initiatives__in=published).annotate(count=Count("initiatives")).order_by("-count", "order")
    )
    return {
        "territory": territory,
        "total": published.count(),
        "by_theme": by_theme,
        "initiatives": published.for_listing().prefetch_related("themes").order_by("-published_at", "-pk")[:count],
        "themes_legend": _legend(),
    }


def register_blocks() -> None:
    register(
        Block(
            Place.HOME,
            "initiatives",
            "initiatives/_home_block.html",
            home,
            order=10,
            title=_("Archipel O Centre"),
            introduction=_(
                "La carte contributive des initiatives solidaires de la région : associations, coopératives, "
                "tiers-lieux, AMAP, repair cafés, monnaies locales…"
            ),
        )
    )
    register(Block(Place.THEME, "initiatives", "initiatives/_theme_block.html", of_theme, order=10))
    register(Block(Place.TERRITORY, "initiatives", "initiatives/_territory_block.html", of_territory, order=10))
