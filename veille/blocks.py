"""The watch's blocks on the pages it does not own (cresol.core.blocks): the home page and a theme's
(the watch is not tied to a territory). Registered in VeilleConfig.ready()."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.blocks import Block, Place, register

from .models import Share


def home(count: int = 4) -> dict:
    """The home page's block: the latest shares and the next deadlines."""
    published = Share.objects.published().only("title", "url", "deadline", "published_at")
    return {
        "shares": published.order_by("-published_at")[:count],
        "deadlines": published.filter(deadline__gte=timezone.localdate()).order_by("deadline")[:3],
    }


def of_theme(theme: Any, count: int = 5) -> dict:
    """A theme's page: the latest shares on it and its next deadlines."""
    published = Share.objects.published().filter(themes=theme).only("title", "url", "deadline", "published_at")
    return {
        "theme": theme,
        "shares": published.order_by("-published_at", "-pk")[:count],
        "deadlines": published.filter(deadline__gte=timezone.localdate()).order_by("deadline")[:3],
    }


def register_blocks() -> None:
    register(
        Block(
            Place.HOME,
            "veille",
            "veille/_home_block.html",
            home,
            order=40,
            title=_("Veille partagée"),
            introduction=_(
                "Une sélection commentée de l'actualité de l'économie solidaire et de l'innovation sociale, "
                "avec les appels à projets à ne pas manquer."
            ),
        )
    )
    register(Block(Place.THEME, "veille", "veille/_theme_block.html", of_theme, order=40))
