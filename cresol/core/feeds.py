"""RSS and Atom feeds that take the same filters as the page they follow."""

from django.contrib.syndication.views import Feed

from .listing import bad_filters


class FilteredFeed(Feed):
    """A feed whose items are narrowed by `filterset_class` over the query string.

    A bad filter is a 400 with the French reasons, as on the pages: a feed reader subscribed to a
    mistyped address must not silently receive everything. `get_object` hands the valid filter set
    to `items()`, `title()` and the other methods.
    """

    filterset_class = None

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET)
        if not filterset.is_valid():
            return bad_filters(filterset)
        request.feed_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.feed_filterset
