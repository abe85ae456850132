"""The cooperations in the portal's registry of sections (cresol.core.sections): the header, the
sitemap, the open data page and the page cache learn them from here. They live in Archipel O Centre's
package (an announcement is often an initiative's) but have their own pages and cache scope: a new
need does not make the map's pages stale."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import CC_BY_SA, Dataset, Distribution
from cresol.core.sections import Section

from .sitemaps import CooperationSitemap

DATASET = Dataset(
    "cooperations",
    "Coopérations : besoins et offres",
    "Les besoins et les offres de coopération en cours entre collectifs de Centre-Val de Loire : sens, type, "
    "titre, description, thématiques, commune, territoire, date de fin (jamais l'adresse de leur auteur).",
    CC_BY_SA,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (
        Distribution("cooperations:export_csv", "CSV", "text/csv"),
        Distribution("cooperations:export_json", "JSON", "application/json"),
        Distribution("cooperations:geojson", "GeoJSON", "application/geo+json"),
        Distribution("cooperations:rss", "RSS", "application/rss+xml"),
        Distribution("cooperations:atom", "Atom", "application/atom+xml"),
    ),
)

SECTION = Section(
    key="cooperations",
    order=15,
    app_labels=("cooperations",),
    navigation=((_("Coopérations"), "cooperations:list"),),
    front_pages=("cooperations:list",),
    sitemaps={"cooperations": CooperationSitemap},
    datasets=(DATASET,),
)
