from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cresol.core.sitemaps import IdRangeSitemap

from .models import Event


class EventSitemap(IdRangeSitemap):
    url_name = "agenda:detail"
    changefreq = "weekly"

    def items(self) -> QuerySet[Any]:
        upcoming = Event.objects.visible().filter(occurrences__end__gte=timezone.now()).values("pk")
        return Event.objects.filter(pk__in=upcoming)
