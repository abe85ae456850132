from typing import Any

from django.contrib.sitemaps import Sitemap

from .models import Initiative


class InitiativeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5_000  # addresses per page of the sitemap index

    def items(self) -> Any:
        return Initiative.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, initiative: Any) -> Any:
        return initiative.updated_at
