"""The sections that site-wide search goes through, each registered by its app (cresol imports none)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class SearchedSection:
    key: str
    name: str  # "Archipel O Centre"
    kind: str  # "initiatives", what the results are
    kind_one: str  # "initiative"
    search: Callable  # search(typed, *, theme, departement, pays, limit) -> Results
    list_path: str  # the section's own list, which takes ?q= and ?theme= (and ?departement=, ?pays= if placed)
    placed: bool = True  # whether its contents have a place, hence a département
    order: int = 100

    def list_url(self, typed: str, theme: Any = None, departement: Any = None, pays: Any = None) -> str:
        """The section's list with the same search, for "see them all"."""
        query = {
            "q": typed,
            "theme": theme.slug if theme else "",
            "departement": departement.code if departement and self.placed else "",
            "pays": pays.slug if pays and self.placed else "",
        }
        return f"{self.list_path}?" + urlencode({key: value for key, value in query.items() if value})


_sections: dict[str, SearchedSection] = {}


def register(section: SearchedSection) -> None:
    _sections[section.key] = section


def searched_sections() -> list[SearchedSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
