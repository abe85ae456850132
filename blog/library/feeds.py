"""/ressources/flux/: the latest resources as RSS and Atom, with the library's filters."""

import mimetypes
from typing import Any

from django.conf import settings
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape

from cresol.core.feeds import FilteredFeed

from .filters import ResourceFilter

ITEMS = 30


class ResourcesRss(FilteredFeed):
    filterset_class = ResourceFilter
    description = "Guides, outils, rapports, formations et enregistrements partagés par le réseau Cré-sol."

    def title(self, filterset: Any) -> str:
        theme = filterset.form.cleaned_data.get("theme")
        return f"Ressources du Cré-sol — {theme.name}" if theme else "Ressources du Cré-sol"

    def link(self, filterset: Any) -> str:
        query = filterset.data.urlencode()
        return f"/ressources/?{query}" if query else "/ressources/"

    def items(self, filterset: Any) -> Any:
        return filterset.qs.order_by("-published_at", "-id")[:ITEMS]

    def item_title(self, resource: Any) -> str:
        return resource.title

    def item_description(self, resource: Any) -> str:
        return f"<p>{escape(resource.summary)}</p>{resource.description_html}"

    def item_pubdate(self, resource: Any) -> Any:
        return resource.published_at

    def item_author_name(self, resource: Any) -> str | None:
        return resource.author_name

    def item_copyright(self, resource: Any) -> str:
        return resource.get_licence_display()

    def item_enclosures(self, resource: Any) -> Any:
        if not resource.file:
            return []
        url = resource.file.url  # absolute from S3, a path from the local storage
        url = settings.SITE_URL + url if url.startswith("/") else url
        return [
            Enclosure(
                url, str(resource.file_size), mimetypes.guess_type(resource.file.name)[0] or "application/octet-stream"
            )
        ]


class ResourcesAtom(ResourcesRss):
    feed_type = Atom1Feed
    subtitle = ResourcesRss.description
