"""Archipel O Centre's blocks on the pages it does not own (cresol.core.blocks): the home page, a
theme's, a territory's. Registered in InitiativesConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cresol.core.blocks import Block, Place, register
from cresol.themes.models import themes_legend

from . import tally
from .models import Initiative

# How many of the newest published initiatives a theme's or territory's newest are looked for among.
RECENT_WINDOW = 500


def home() -> dict:
    """The home page's block: published initiatives per theme, and the call to list one."""
    return {"themes": tally.themes_with_counts(), "total": tally.published_count()}


def newest(published: Any, total: int, count: int) -> list[Any]:
    """The `count` newest of these `total` published initiatives, in one query as a rule.

    Sorting all of a large theme's (10,000 at national scale) cost 70 ms; when they are a large enough
    share of all, their newest are among the newest few hundred of all (an index range, whatever the
    data's size), so only those are read. A small set is read in full, at small cost. Only a large set
    none of whose initiatives is recent takes a second query."""
    order = ("-published_at", "-pk")
    listing = published.for_listing().prefetch_related("themes").order_by(*order)
    expected_in_window = total * RECENT_WINDOW / max(tally.published_count(), 1)
    if expected_in_window < 4 * count:
        return list(listing[:count])
    recent = Initiative.objects.published().order_by(*order).values("pk")[:RECENT_WINDOW]
    found = list(listing.filter(pk__in=recent)[:count])
    return found if len(found) == min(count, total) else list(listing[:count])


def of_theme(theme: Any, count: int = 6) -> dict:
    """A theme's page: how many initiatives, a few of them (newest first) and a small map of all."""
    total = tally.published_count(theme=theme)
    return {
        "theme": theme,
        "total": total,
        "initiatives": newest(Initiative.objects.published().filter(themes=theme), total, count),
        "themes_legend": themes_legend(),
    }


def of_territory(territory: Any, count: int = 6) -> dict:
    """A territory's page: its initiatives (a small map, the latest, how many on each theme)."""
    by_theme = tally.themes_with_counts(territory.commune_lookup("initiative_tallies__commune__"))
    total = tally.published_count(territory.commune_lookup("commune__"))
    published = Initiative.objects.published().filter(territory.commune_lookup("commune__"))
    return {
        "territory": territory,
        "total": total,
        "by_theme": by_theme.order_by("-initiative_count", "order"),  # type: ignore[misc]  # an annotation
        "initiatives": newest(published, total, count),
        "themes_legend": themes_legend(),
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
