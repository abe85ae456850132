from django import template

from ..models import Resource

register = template.Library()


@register.inclusion_tag("library/_theme_block.html")
def library_theme_block(theme, count: int = 4):
    """A theme's page: its latest resources."""
    resources = Resource.objects.published().filter(themes=theme).for_listing().order_by("-published_at")[:count]
    return {"theme": theme, "resources": resources}
