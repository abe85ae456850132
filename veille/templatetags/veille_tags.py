from django import template
from django.utils import timezone

from veille.models import Share

register = template.Library()


@register.inclusion_tag("veille/_home_block.html")
def veille_home_block(count: int = 4):
    """The home page's block: the latest shares and the next deadlines."""
    published = Share.objects.published().only("title", "url", "deadline", "published_at")
    return {
        "shares": published.order_by("-published_at")[:count],
        "deadlines": published.filter(deadline__gte=timezone.localdate()).order_by("deadline")[:3],
    }


@register.inclusion_tag("veille/_theme_block.html")
def veille_theme_block(theme, count: int = 5):
    """A theme's page: the latest shares on it and its next deadlines."""
    published = Share.objects.published().filter(themes=theme).only("title", "url", "deadline", "published_at")
    return {
        "theme": theme,
        "shares": published.order_by("-published_at", "-pk")[:count],
        "deadlines": published.filter(deadline__gte=timezone.localdate()).order_by("deadline")[:3],
    }
