"""Blocks of Archipel O Centre shown on other pages."""

from django import template
from django.db.models import Count, Q

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from initiatives.models import Initiative

register = template.Library()


@register.inclusion_tag("initiatives/_home_block.html")
def initiatives_home_block():
    """The home page's block: published initiatives per theme, and the call to list one."""
    themes = Theme.objects.annotate(
        initiative_count=Count("initiatives", filter=Q(initiatives__status=Status.PUBLISHED))
    ).filter(initiative_count__gt=0)
    return {"themes": themes, "total": Initiative.objects.published().count()}
