from typing import Any

from django.db.models import QuerySet

from cresol.core.sitemaps import IdRangeSitemap

from .models import Initiative


class InitiativeSitemap(IdRangeSitemap):
    url_name = "initiatives:detail"
    changefreq = "monthly"

    def items(self) -> QuerySet[Any]:
        return Initiative.objects.published()
