"""The portal's own pages in the sitemap: the home page and each section's front pages (the sections'
registry, cresol.core.sections), and the index of every section's sitemap."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .sections import registered


class PagesSitemap(Sitemap):  # type: ignore[type-arg]  # not generic at run time
    changefreq = "daily"

    def items(self) -> Any:
        return ["core:home", *(name for section in registered() for name in section.front_pages)]

    def location(self, name: str) -> str:
        return reverse(name)


def every_sitemap() -> dict[str, Any]:
    """/sitemap.xml's index: the pages, then each section's sitemaps, in the sections' order."""
    sitemaps: dict[str, Any] = {"pages": PagesSitemap}
    for section in registered():
        sitemaps.update(section.sitemaps)
    return sitemaps
