"""Blocks of Archipel O Centre shown on other pages."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from initiatives.models import Initiative

register = template.Library()


@register.simple_tag
def cluster_tiles_url() -> str:
    """The address of the map's tiles with {z}/{x}/{y} for the script to fill."""
    return reverse("initiatives:cluster_tile", args=[0, 1, 2]).replace("/0/1/2.", "/{z}/{x}/{y}.")


@register.inclusion_tag("initiatives/_home_block.html")
def initiatives_home_block():
    """The home page's block: published initiatives per theme, and the call to list one."""
    themes = Theme.objects.annotate(
        initiative_count=Count("initiatives", filter=Q(initiatives__status=Status.PUBLISHED))
    ).filter(initiative_count__gt=0)
    return {"themes": themes, "total": Initiative.objects.published().count()}


@register.inclusion_tag("initiatives/_theme_block.html")
def initiatives_theme_block(theme, count: int = 6):
    """A theme's page: how many initiatives, a few of them (newest first) and a small map of all."""
    published = Initiative.objects.published().filter(themes=theme)
    return {
        "theme": theme,
        "total": published.count(),
        "initiatives": published.for_listing().prefetch_related("themes").order_by("-published_at", "-pk")[:count],
        # The markers take their main theme's colour, which may be another theme: the legend has them all.
        "themes_legend": [{"id": t.pk, "slug": t.slug, "name": t.name} for t in Theme.objects.all()],
    }


@register.inclusion_tag("initiatives/_territory_block.html")
def initiatives_territory_block(territory, count: int = 6):
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
        "themes_legend": [{"id": theme.pk, "slug": theme.slug, "name": theme.name} for theme in Theme.objects.all()],
    }
