from typing import Any

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Event


class EventSitemap(Sitemap):
    limit = 5_000  # addresses per page of the sitemap index
    changefreq = "weekly"

    def items(self) -> Any:
        upcoming = Event.objects.visible().filter(occurrences__end__gte=timezone.now()).values("pk")
        return Event.objects.filter(pk__in=upcoming).only("slug", "updated_at").order_by("pk")

    def lastmod(self, event: Any) -> Any:
        return event.updated_at
