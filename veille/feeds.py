"""/veille/flux/: the shares as RSS and Atom, with the same filters as /veille/."""

from typing import Any

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks

from cresol.core.feeds import FilteredFeed, tag_uri

from .filters import ShareFilter

ITEMS = 50


class SharesRss(FilteredFeed):
    filterset_class = ShareFilter

    title = "Veille partagée du Cré-sol"
    description = "Ce que le réseau Cré-sol a repéré et recommande, avec pourquoi c'est utile."

    def link(self) -> str:
        return "/veille/"

    def items(self, filterset: Any) -> Any:
        return filterset.qs.select_related("submitted_by").order_by("-published_at", "-pk")[:ITEMS]

    def item_title(self, share: Any) -> str:
        return share.title

    def item_link(self, share: Any) -> str:
        return share.url

    def item_guid(self, share: Any) -> str:
        return tag_uri("veille", "partage", share.pk)

    item_guid_is_permalink = False

    def item_description(self, share: Any) -> str:
        parts = [linebreaks(escape(share.comment))]
        if share.description:
            parts.append(f"<blockquote>{escape(share.description)}</blockquote>")
        if share.deadline:
            parts.append(f"<p><strong>Date limite : {share.deadline:%d/%m/%Y}</strong></p>")
        return "".join(parts)

    def item_pubdate(self, share: Any) -> Any:
        return share.published_at

    def item_updateddate(self, share: Any) -> Any:
        return share.updated_at

    def item_author_name(self, share: Any) -> str | None:
        return str(share.submitted_by) if share.submitted_by else "Cré-sol"


class SharesAtom(SharesRss):
    feed_type = Atom1Feed
    subtitle = SharesRss.description
