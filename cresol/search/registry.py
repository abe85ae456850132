"""The sections that site-wide search goes through, each registered by its app (cresol imports none)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchedSection:
    key: str
    name: str  # "Archipel O Centre"
    kind: str  # "initiatives", what the results are
    kind_one: str  # "initiative"
    search: Callable  # search(typed, *, theme, departement, limit) -> Results
    list_url: Callable  # list_url(typed, theme, departement) -> the section's own list, filtered
    order: int = 100


_sections: dict[str, SearchedSection] = {}


def register(section: SearchedSection) -> None:
    _sections[section.key] = section


def searched_sections() -> list[SearchedSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
