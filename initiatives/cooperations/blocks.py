"""The cooperations' blocks on the pages they do not own (cresol.core.blocks): a theme's, a territory's
and an initiative's. Registered in CooperationsConfig.ready()."""

from typing import Any

from cresol.core.blocks import Block, Place, register
from cresol.territories.models import Commune

from .models import Cooperation

COUNT = 6


def _newest(cooperations: Any, count: int = COUNT) -> list[Cooperation]:
    return list(cooperations.for_listing().order_by("-published_at", "-pk")[:count])


def of_theme(theme: Any) -> dict:
    return {"theme": theme, "cooperations": _newest(Cooperation.objects.current().filter(themes=theme))}


def of_territory(territory: Any) -> dict:
    """The open needs and offers whose reach covers the territory (all of them for the region)."""
    current = Cooperation.objects.current()
    if territory.communes:
        current = current.reaching(Commune.objects.filter(**territory.communes))
    return {"territory": territory, "cooperations": _newest(current)}


def of_initiative(initiative: Any) -> dict:
    return {
        "initiative": initiative,
        "cooperations": _newest(Cooperation.objects.current().filter(initiative=initiative)),
    }


def register_blocks() -> None:
    register(Block(Place.THEME, "cooperations", "cooperations/_theme_block.html", of_theme, order=15))
    register(Block(Place.TERRITORY, "cooperations", "cooperations/_territory_block.html", of_territory, order=15))
    register(Block(Place.INITIATIVE, "cooperations", "cooperations/_initiative_block.html", of_initiative, order=15))
