"""The portal's open data, listed in one place: /donnees/ for people, /donnees/catalogue.jsonld (DCAT)
for harvesters such as data.gouv.fr's. Each dataset names its URL (a URL pattern's name: cresol imports
no section), format, licence, update frequency and, for the initiatives' files, their schema (this folder)."""

from dataclasses import dataclass
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent
ODBL = ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")
CC_BY_SA = ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.fr")


@dataclass(frozen=True)
class Distribution:
    url_name: str
    format: str  # as people say it: "CSV", "GeoJSON"…
    media_type: str
    schema: str = ""  # a file of this folder
    args: tuple = ()  # the URL's arguments (an observatory figure's key)

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


DATASETS = (
    Dataset("initiatives", "Initiatives d'Archipel O Centre",
            "Les initiatives solidaires de Centre-Val de Loire référencées par les membres et relues par "
            "l'équipe du Cré-sol : nom, description, type, thématiques, adresse, position, contacts.",
            ODBL, "à chaque publication", "http://purl.org/cld/freq/continuous", (
                Distribution("initiatives:export_csv", "CSV", "text/csv", "initiatives.csv.schema.json"),
                Distribution("initiatives:export_json", "JSON", "application/json", "initiatives.json.schema.json"),
                Distribution("initiatives:geojson", "GeoJSON", "application/geo+json"),
                Distribution("initiatives:export_gogocarto", "JSON (GoGoCarto)", "application/json"),
                Distribution("initiatives:rss", "RSS (nouvelles initiatives)", "application/rss+xml"),
                Distribution("initiatives:atom", "Atom (nouvelles initiatives)", "application/atom+xml"),
            )),
    Dataset("agenda", "Agenda citoyen", "Les événements à venir de l'économie sociale et solidaire en région.",
            CC_BY_SA, "à chaque publication", "http://purl.org/cld/freq/continuous", (
                Distribution("agenda:ics", "iCalendar", "text/calendar"),
                Distribution("agenda:geojson", "GeoJSON", "application/geo+json"),
                Distribution("agenda:rss", "RSS", "application/rss+xml"),
                Distribution("agenda:atom", "Atom", "application/atom+xml"),
            )),
    Dataset("blog", "Blog contributif", "Articles, dossiers et retours d'expérience des membres, en entier.",
            CC_BY_SA, "à chaque publication", "http://purl.org/cld/freq/continuous", (
                Distribution("blog:rss", "RSS", "application/rss+xml"),
                Distribution("blog:atom", "Atom", "application/atom+xml"),
            )),
    Dataset("veille", "Veille partagée", "Les liens partagés et commentés par le réseau, et leurs sources.",
            CC_BY_SA, "chaque jour", "http://purl.org/cld/freq/daily", (
                Distribution("veille:rss", "RSS", "application/rss+xml"),
                Distribution("veille:atom", "Atom", "application/atom+xml"),
                Distribution("veille:sources_opml", "OPML (les sources suivies)", "text/x-opml"),
            )),
    Dataset("ressources", "Ressources", "Guides, outils, rapports, formations et enregistrements partagés par les "
            "membres, chacun avec sa licence (le plus souvent libre) ; le flux porte le fichier en pièce jointe.",
            CC_BY_SA, "à chaque publication", "http://purl.org/cld/freq/continuous", (
                Distribution("library:rss", "RSS", "application/rss+xml"),
                Distribution("library:atom", "Atom", "application/atom+xml"),
            )),
    Dataset("personnes-ressources", "Personnes ressources",
            "Les personnes ressources qui ont choisi de figurer dans l'annuaire : nom affiché, structure, commune "
            "de base, territoire, compétences (jamais leur adresse e-mail).",
            ODBL, "à chaque publication", "http://purl.org/cld/freq/continuous", (
                Distribution("people:geojson", "GeoJSON", "application/geo+json"),
            )),
)  # fmt: skip


def datasets() -> tuple[Dataset, ...]:
    """Every dataset: the ones above, and the observatory's figures, one CSV each (from its registry)."""
    from cresol.observatory.registry import registered_figures

    figures = tuple(Distribution("observatory:csv", f"CSV — {figure.title}", "text/csv", args=(figure.key,))
                    for figure in registered_figures())  # fmt: skip
    observatory = Dataset("observatoire", "Observatoire", "Les chiffres de l'observatoire : initiatives par "
                          "territoire et thématique, publications et événements par mois, contributeurs actifs.",
                          ODBL, "à chaque publication", "http://purl.org/cld/freq/continuous", figures)  # fmt: skip
    return (*DATASETS, observatory)
