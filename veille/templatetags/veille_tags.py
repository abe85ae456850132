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
