from typing import Any

from django.contrib.sitemaps import Sitemap

from .models import Dossier, Post


class PostSitemap(Sitemap):
    limit = 5_000  # addresses per page of the sitemap index
    changefreq = "monthly"

    def items(self) -> Any:
        return Post.objects.published().only("slug", "publish_at", "revised_at").order_by("-publish_at")

    def lastmod(self, post: Any) -> Any:
        return post.revised_at or post.publish_at


class DossierSitemap(Sitemap):
    limit = 5_000  # addresses per page of the sitemap index

    def items(self) -> Any:
        return Dossier.objects.filter(is_published=True).only("slug", "updated_at")

    def lastmod(self, dossier: Any) -> Any:
        return dossier.updated_at
