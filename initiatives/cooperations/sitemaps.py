from typing import Any

from django.db.models import QuerySet

from cresol.core.sitemaps import IdRangeSitemap

from .models import Cooperation


class CooperationSitemap(IdRangeSitemap):
    url_name = "cooperations:detail"
    changefreq = "weekly"

    def items(self) -> QuerySet[Any]:
        return Cooperation.objects.current()
