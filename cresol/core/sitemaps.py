"""/sitemap.xml: an index of one sitemap per section, each in pages of consecutive ids.

Django's sitemap views count every item for the index and load every item for its `lastmod` (1.4 s at
100,000 initiatives), then page with OFFSET. Here a page is a range of ids (`?p=3`: ids 2,000 to 2,999
when SPAN is 1,000): an item stays on its page whatever is added later, the index costs one query per
section (the lowest and highest ids and the latest change, read from indexes), and a page one range
scan of at most SPAN rows, whatever the size of the table. A range with nothing published left in it is an empty
list of addresses, which the sitemap protocol allows.

Each section registers its sitemaps (cresol.core.sections); the home page and the sections' front
pages make the "pages" sitemap.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Max, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .memberpages import shared_page
from .sections import registered

SPAN = 1000  # ids per page: at most that many addresses, far below the protocol's 50,000


class IdRangeSitemap:
    """The published rows of a model; subclasses give `items()`, the URL name of their page (which
    takes the slug) and the field or expression of their last change."""

    url_name: str
    changefreq: str | None = None
    lastmod_expression: Any = "updated_at"

    def items(self) -> QuerySet[Any]:
        raise NotImplementedError

    def summary(self) -> tuple[datetime | None, range]:
        """The latest change and the numbers of the pages: one query, from indexes."""
        found = self.items().order_by().aggregate(latest=Max(self.lastmod_expression), bottom=Min("pk"), top=Max("pk"))
        return found["latest"], _page_numbers(found["bottom"], found["top"])

    def page(self, number: int) -> Iterable[tuple[str, datetime | None]]:
        """(slug, last change) of the items whose ids fall in the page's range."""
        rows: Iterable[tuple[str, datetime | None]] = (
            self.items()
            .filter(pk__gte=(number - 1) * SPAN, pk__lt=number * SPAN)
            .annotate(sitemap_lastmod=self._lastmod())
            .order_by("pk")
            .values_list("slug", "sitemap_lastmod")
        )
        return rows

    def _lastmod(self) -> Any:
        from django.db.models import F

        return F(self.lastmod_expression) if isinstance(self.lastmod_expression, str) else self.lastmod_expression


class PagesSitemap:
    """The home page and each section's front pages: one page."""

    changefreq = "daily"

    def names(self) -> list[str]:
        return ["core:home", *(name for section in registered() for name in section.front_pages)]


def every_sitemap() -> dict[str, Any]:
    """/sitemap.xml's index: the pages, then each section's sitemaps, in the sections' order."""
    sitemaps: dict[str, Any] = {"pages": PagesSitemap}
    for section in registered():
        sitemaps.update(section.sitemaps)
    return sitemaps


def _xml(body: Iterable[str]) -> HttpResponse:
    response = HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(body), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _lastmod(value: datetime | None) -> str:
    return f"<lastmod>{value.date().isoformat()}</lastmod>" if value else ""


def _page_numbers(bottom: int | None, top: int | None) -> range:
    """From the lowest id's page to the highest's; one (empty) page when there is nothing."""
    if bottom is None or top is None:
        return range(1, 2)
    return range(bottom // SPAN + 1, top // SPAN + 2)


@shared_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/")[:-1]
    entries = []
    for name, sitemap_class in every_sitemap().items():
        address = base + reverse("sitemap", args=[name])
        sitemap = sitemap_class()
        if isinstance(sitemap, PagesSitemap):
            entries.append(f"<sitemap><loc>{escape(address)}</loc></sitemap>")
            continue
        latest, numbers = sitemap.summary()
        for number in numbers:
            location = address if number == 1 else f"{address}?p={number}"
            entries.append(f"<sitemap><loc>{escape(location)}</loc>{_lastmod(latest)}</sitemap>")
    return _xml(['<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *entries, "</sitemapindex>\n"])


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("Page de sitemap inconnue.") from None
    if number < 1:
        raise Http404("Page de sitemap inconnue.")
    return number


def _url(location: str, changefreq: str | None, lastmod: datetime | None = None) -> str:
    frequency = f"<changefreq>{changefreq}</changefreq>" if changefreq else ""
    return f"<url><loc>{escape(location)}</loc>{_lastmod(lastmod)}{frequency}</url>"


@shared_page
@require_safe
def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    sitemap_class = every_sitemap().get(section)
    if sitemap_class is None:
        raise Http404("Sitemap inconnu.")
    number = _page_number(request)
    base = request.build_absolute_uri("/")[:-1]
    sitemap = sitemap_class()
    if isinstance(sitemap, PagesSitemap):
        if number != 1:
            raise Http404("Page de sitemap inconnue.")
        urls = [_url(base + reverse(name), sitemap.changefreq) for name in sitemap.names()]
    else:
        rows = list(sitemap.page(number))
        if not rows and number not in sitemap.summary()[1]:
            raise Http404("Page de sitemap inconnue.")
        # One reverse() for the page, not one per address: a slug takes the placeholder's place.
        pattern = base + reverse(sitemap.url_name, args=["slug-placeholder"])
        urls = [_url(pattern.replace("slug-placeholder", slug), sitemap.changefreq, lastmod) for slug, lastmod in rows]
    return _xml(['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', *urls, "</urlset>\n"])
