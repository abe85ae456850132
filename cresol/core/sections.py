"""The portal's sections, as each registers itself in its AppConfig.ready(): the header's navigation,
the sitemap, the open data page and the page cache learn them here, so that a new section cannot be
forgotten by any of them (nor can cresol/ import it: CONTRIBUTING, "Layout")."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    key: str  # "agenda"
    order: int  # the header's and the sitemap's order
    # The apps whose rows the section's pages show: a write to any of them makes cached pages stale.
    app_labels: tuple[str, ...]
    # The header's links, (label, URL name), and the front pages the sitemap lists (URL names).
    navigation: tuple[tuple[str | Promise, str], ...] = ()
    front_pages: tuple[str, ...] = ()
    # Sitemaps of its contents, by the name their file takes (/sitemap-<name>.xml).
    sitemaps: dict[str, Any] = field(default_factory=dict)
    # Its open datasets (cresol.core.opendata.Dataset), listed on /donnees/ and in the DCAT catalogue.
    datasets: tuple[Any, ...] = ()
    # Its collections in the partners' API, (prefix, ninja Router): /api/v1/<prefix> (cresol.api).
    api_routers: tuple[tuple[str, Any], ...] = ()


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def registered() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: section.order)
