"""The portal's own pages in the sitemap: the home page and each section's front page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["core:home", "initiatives:map", "initiatives:list", "agenda:index", "agenda:map", "blog:index",
                "veille:index"]  # fmt: skip

    def location(self, name):
        return reverse(name)
