from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from cresol.core.sitemaps import IdRangeSitemap

from .models import Dossier, Post


class PostSitemap(IdRangeSitemap):
    url_name = "blog:detail"
    changefreq = "monthly"
    lastmod_expression = Coalesce("revised_at", "publish_at")

    def items(self) -> QuerySet[Any]:
        return Post.objects.published()


class DossierSitemap(IdRangeSitemap):
    url_name = "blog:dossier"

    def items(self) -> QuerySet[Any]:
        return Dossier.objects.filter(is_published=True)
