"""Archipel O Centre in the portal's registry of sections (cresol.core.sections): the header, the
sitemap, the open data page and the page cache learn it from here."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import ODBL, Dataset, Distribution
from cresol.core.sections import Section

from . import api
from .sitemaps import InitiativeSitemap

DATASET = Dataset(
    "initiatives",
    "Initiatives d'Archipel O Centre",
    "Les initiatives solidaires de Centre-Val de Loire référencées par les membres et relues par "
    "l'équipe du Cré-sol : nom, description, type, thématiques, adresse, position, contacts.",
    ODBL,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (
        Distribution("initiatives:export_csv", "CSV", "text/csv", "initiatives.csv.schema.json"),
        Distribution("initiatives:export_json", "JSON", "application/json", "initiatives.json.schema.json"),
        Distribution("initiatives:geojson", "GeoJSON", "application/geo+json"),
        Distribution("initiatives:export_gogocarto", "JSON (GoGoCarto)", "application/json"),
        Distribution("initiatives:merges_csv", "CSV (fiches fusionnées : quel numéro remplace lequel)", "text/csv"),
        Distribution("initiatives:rss", "RSS (nouvelles initiatives)", "application/rss+xml"),
        Distribution("initiatives:atom", "Atom (nouvelles initiatives)", "application/atom+xml"),
    ),
)

SECTION = Section(
    key="initiatives",
    order=10,
    app_labels=("initiatives", "radar"),
    navigation=((_("Carte des initiatives"), "initiatives:map"),),
    front_pages=("initiatives:map", "initiatives:list"),
    sitemaps={"initiatives": InitiativeSitemap},
    datasets=(DATASET,),
    api_routers=(("/initiatives/", api.router),),
)
