"""Blog blocks shown on other pages."""

from django import template

from blog.models import CoauthorInvitation, Dossier, Post

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


@register.inclusion_tag("blog/_pending_invitations.html")
def pending_invitations(user):
    """For « Mon espace »: the posts this member is invited to co-write, not answered yet."""
    invitations = CoauthorInvitation.objects.filter(user=user, accepted_at=None).select_related("post", "invited_by")
    return {"invitations": list(invitations.order_by("-created_at")[:20])}


@register.inclusion_tag("blog/_theme_block.html")
def blog_theme_block(theme, count: int = 4):
    """A theme's page: its latest posts and its thematic files."""
    return {
        "theme": theme,
        "posts": Post.objects.published().filter(themes=theme).for_listing().order_by("-publish_at")[:count],
        "dossiers": Dossier.objects.filter(is_published=True, themes=theme).only("title", "slug")[:5],
    }


@register.inclusion_tag("blog/_territory_block.html")
def blog_territory_block(territory, count: int = 4):
    """A territory's page: the posts about its initiatives."""
    about = Post.objects.published().filter(territory.commune_lookup("related_initiatives__commune__"))
    posts = Post.objects.published().filter(pk__in=about.values("pk")).for_listing().order_by("-publish_at")[:count]
    return {"territory": territory, "posts": posts}
