"""The blog's blocks on the pages it does not own (cresol.core.blocks): the home page, a theme's, a
territory's, an initiative's, a member's space. Registered in BlogConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from cresol.core.blocks import Block, Place, register

from .models import CoauthorInvitation, Dossier, Post


def home(count: int = 3) -> dict:
    posts = Post.objects.published().select_related("author").defer("body", "body_html").order_by("-publish_at")[:count]
    return {"posts": posts}


def of_initiative(initiative: Any, count: int = 5) -> dict:
    """« Dans le blog »: the posts about an initiative."""
    posts = (
        Post.objects.published()
        .filter(related_initiatives=initiative)
        .defer("body", "body_html")
        .order_by("-publish_at")[:count]
    )
    return {"posts": posts}


def of_member(user: Any) -> dict:
    """For « Mon espace »: the posts this member is invited to co-write, not answered yet."""
    invitations = CoauthorInvitation.objects.filter(user=user, accepted_at=None).select_related("post", "invited_by")
    return {"invitations": list(invitations.order_by("-created_at")[:20])}


def of_theme(theme: Any, count: int = 4) -> dict:
    """A theme's page: its latest posts and its thematic files."""
    return {
        "theme": theme,
        "posts": Post.objects.published().filter(themes=theme).for_listing().order_by("-publish_at")[:count],
        "dossiers": Dossier.objects.filter(is_published=True, themes=theme).only("title", "slug")[:5],
    }


def of_territory(territory: Any, count: int = 4) -> dict:
    """A territory's page: the posts about its initiatives."""
    about = Post.objects.published().filter(territory.commune_lookup("related_initiatives__commune__"))
    posts = Post.objects.published().filter(pk__in=about.values("pk")).for_listing().order_by("-publish_at")[:count]
    return {"territory": territory, "posts": posts}


def register_blocks() -> None:
    register(
        Block(
            Place.HOME,
            "blog",
            "blog/_home_block.html",
            home,
            order=30,
            title=_("Blog contributif"),
            introduction=_(
                "Articles, dossiers thématiques et retours d'expérience écrits par les membres du réseau, "
                "sous licence libre."
            ),
        )
    )
    register(Block(Place.THEME, "blog", "blog/_theme_block.html", of_theme, order=30))
    register(Block(Place.TERRITORY, "blog", "blog/_territory_block.html", of_territory, order=30))
    register(Block(Place.INITIATIVE, "blog", "blog/_initiative_posts.html", of_initiative, order=30))
    register(Block(Place.MEMBER, "blog", "blog/_pending_invitations.html", of_member, order=30))
