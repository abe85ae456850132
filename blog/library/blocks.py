"""The library's block on a theme's page (cresol.core.blocks), registered in LibraryConfig.ready()."""

from typing import Any

from cresol.core.blocks import Block, Place, register

from .models import Resource


def of_theme(theme: Any, count: int = 4) -> dict:
    """A theme's page: its latest resources."""
    resources = Resource.objects.published().filter(themes=theme).for_listing().order_by("-published_at")[:count]
    return {"theme": theme, "resources": resources}


def register_blocks() -> None:
    register(Block(Place.THEME, "library", "library/_theme_block.html", of_theme, order=35))
