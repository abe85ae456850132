"""Blog blocks shown on other pages."""

from django import template

from blog.models import Post

register = template.Library()


@register.inclusion_tag("blog/_home_block.html")
def blog_home_block(count: int = 3):
    posts = Post.objects.published().select_related("author").defer("body", "body_html").order_by("-publish_at")[:count]
    return {"posts": posts}


@register.inclusion_tag("blog/_initiative_posts.html")
def initiative_posts(initiative, count: int = 5):
    """« Dans le blog »: the posts about an initiative."""
    posts = (
        Post.objects.published()
        .filter(related_initiatives=initiative)
        .defer("body", "body_html")
        .order_by("-publish_at")[:count]
    )
    return {"posts": posts}
