"""/blog/flux/: the latest posts as RSS and Atom, full content, per theme with ?theme=."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.themes.models import Theme

from .models import Post

ITEMS = 30


class PostsRss(Feed):
    description = "Articles, dossiers et retours d'expérience du réseau Cré-sol (licence CC BY-SA 4.0)."

    def get_object(self, request):
        slug = request.GET.get("theme")
        return get_object_or_404(Theme, slug=slug) if slug else None

    def title(self, theme):
        return f"Blog du Cré-sol — {theme.name}" if theme else "Blog du Cré-sol"

    def link(self, theme):
        return f"/blog/?theme={theme.slug}" if theme else "/blog/"

    def items(self, theme):
        posts = Post.objects.published().select_related("author")
        if theme:
            posts = posts.filter(themes=theme)
        return posts.order_by("-publish_at")[:ITEMS]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Full content, rendered and sanitized when the post was saved.
        return f"<p>{escape(post.lead)}</p>{post.body_html}"

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return post.revised_at or post.publish_at

    def item_author_name(self, post):
        return str(post.author)

    def item_copyright(self, post):
        return "CC BY-SA 4.0"

    def feed_copyright(self):
        return "CC BY-SA 4.0 — Cré-sol et ses contributeurs"


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    subtitle = PostsRss.description
