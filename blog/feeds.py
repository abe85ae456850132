"""/blog/flux/: the latest posts as RSS and Atom, full content, with the blog's filters (?theme=, ?tag=…)."""

from typing import Any

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.core.feeds import FilteredFeed

from .filters import PostFilter

ITEMS = 30


class PostsRss(FilteredFeed):
    filterset_class = PostFilter
    description = "Articles, dossiers et retours d'expérience du réseau Cré-sol (licence CC BY-SA 4.0)."

    def title(self, filterset: Any) -> str:
        theme = filterset.form.cleaned_data.get("theme")
        return f"Blog du Cré-sol — {theme.name}" if theme else "Blog du Cré-sol"

    def link(self, filterset: Any) -> str:
        query = filterset.data.urlencode()
        return f"/blog/?{query}" if query else "/blog/"

    def items(self, filterset: Any) -> Any:
        return filterset.qs.select_related("author").order_by("-publish_at")[:ITEMS]

    def item_title(self, post: Any) -> str:
        return post.title

    def item_description(self, post: Any) -> str:
        # Full content, rendered and sanitized when the post was saved.
        return f"<p>{escape(post.lead)}</p>{post.body_html}"

    def item_pubdate(self, post: Any) -> Any:
        return post.publish_at

    def item_updateddate(self, post: Any) -> Any:
        return post.revised_at or post.publish_at

    def item_author_name(self, post: Any) -> str | None:
        return str(post.author)

    def item_copyright(self, post: Any) -> str:
        return "CC BY-SA 4.0"

    def feed_copyright(self) -> str:
        return "CC BY-SA 4.0 — Cré-sol et ses contributeurs"


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    subtitle = PostsRss.description
