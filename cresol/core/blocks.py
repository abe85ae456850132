"""Blocks a section shows on pages it does not own: the home page, a theme's, a territory's, an
initiative's, a member's space. Each section registers its blocks in its AppConfig.ready() (the
template and the queries are the section's); a page renders every block of its place, in order, with
`{% blocks "theme" theme %}` (cresol's tags), and never loads another section's tag library
(tests/core/test_template_coupling.py). A new section shows on these pages by registering, not by
editing them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise


class Place(StrEnum):
    HOME = "home"  # the home page's cards: a block there has a title and an introduction
    THEME = "theme"  # /thematiques/<slug>/, the block is given the theme
    TERRITORY = "territory"  # a département's, an EPCI's or a commune's page, given the territory
    INITIATIVE = "initiative"  # an initiative's page, given the initiative
    MEMBER = "member"  # « Mon espace », given the member


@dataclass(frozen=True)
class Block:
    place: Place
    key: str  # the section, "agenda"; one block per section and place
    template: str
    context: Callable[..., dict[str, Any]]  # context(subject), or context() on the home page
    order: int
    title: str | Promise = ""
    introduction: str | Promise = ""


_blocks: dict[tuple[Place, str], Block] = {}


def register(block: Block) -> None:
    """Called from a section's AppConfig.ready(); registering again replaces (a reload, a test)."""
    _blocks[(block.place, block.key)] = block


def blocks_for(place: Place | str) -> list[Block]:
    return sorted((block for block in _blocks.values() if block.place == place), key=lambda block: block.order)
