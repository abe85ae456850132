"""RSS and Atom feeds that take the same filters as the page they follow."""

from typing import Any
from urllib.parse import quote

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse

from .listing import bad_filters

# Entry ids are tag URIs (RFC 4151): IRIs, as Atom wants, that never change with the site's address.
TAG_AUTHORITY = "tag:cresol.fr,2026:"


def tag_uri(*parts: Any) -> str:
    """A permanent entry id, e.g. tag:cresol.fr,2026:veille/partage/12."""
    return TAG_AUTHORITY + "/".join(quote(str(part), safe="@-._~!$&'()*+,;=:") for part in parts)


class FilteredFeed(Feed):  # type: ignore[type-arg]  # each section's feed says its items
    """A feed whose items are narrowed by `filterset_class` over the query string.

    A bad filter is a 400 with the French reasons, as on the pages: a feed reader subscribed to a
    mistyped address must not silently receive everything. `get_object` hands the valid filter set
    to `items()`, `title()` and the other methods.
    """

    filterset_class: Any = None
    # Atom wants an author for every entry: the portal signs the feed, entries may name their own.
    author_name = "Cré-sol"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset = self.filterset_class(request.GET)
        if not filterset.is_valid():
            return bad_filters(filterset)
        request.feed_filterset = filterset  # type: ignore[attr-defined]  # handed to get_object below
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.feed_filterset  # type: ignore[attr-defined]
