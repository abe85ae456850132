"""The portal's open data, listed in one place: /donnees/ for people, /donnees/catalogue.jsonld (DCAT)
for harvesters such as data.gouv.fr's. Each dataset names its URL (a URL pattern's name: cresol imports
no section), format, licence, update frequency and, for the initiatives' files, their schema (this folder)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent
ODBL = ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")
CC_BY_SA = ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.fr")


@dataclass(frozen=True)
class Distribution:
    url_name: str
    format: str  # as people say it: "CSV", "GeoJSON"…
    media_type: str
    schema: str = ""  # a file of this folder
    args: tuple[Any, ...] = ()  # the URL's arguments (an observatory figure's key)

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name, args=self.args)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    licence: tuple[str, str]
    frequency: str  # in words, for people
    accrual: str  # the same for DCAT, a Dublin Core frequency
    distributions: tuple[Distribution, ...]


# The shared pieces' datasets; the sections register theirs (cresol.core.sections).
PEOPLE = Dataset(
    "personnes-ressources",
    "Personnes ressources",
    "Les personnes ressources qui ont choisi de figurer dans l'annuaire : nom affiché, structure, commune "
    "de base, territoire, compétences (jamais leur adresse e-mail).",
    ODBL,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (Distribution("people:geojson", "GeoJSON", "application/geo+json"),),
)


def datasets() -> tuple[Dataset, ...]:
    """Every dataset: the sections' (their registry), the directory's, and the observatory's figures, one
    CSV each (from its registry)."""
    from cresol.core.sections import registered
    from cresol.observatory.registry import registered_figures

    figures = tuple(
        Distribution("observatory:csv", f"CSV — {figure.title}", "text/csv", args=(figure.key,))
        for figure in registered_figures()
    )
    observatory = Dataset(
        "observatoire",
        "Observatoire",
        "Les chiffres de l'observatoire : initiatives par "
        "territoire et thématique, publications et événements par mois, contributeurs actifs.",
        ODBL,
        "à chaque publication",
        "http://purl.org/cld/freq/continuous",
        figures,
    )
    return (*(dataset for section in registered() for dataset in section.datasets), PEOPLE, observatory)
