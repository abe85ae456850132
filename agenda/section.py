"""The agenda in the portal's registry of sections (cresol.core.sections): the header, the sitemap, the
open data page and the page cache learn it from here."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import CC_BY_SA, Dataset, Distribution
from cresol.core.sections import Section

from . import api
from .sitemaps import EventSitemap

DATASET = Dataset(
    "agenda",
    "Agenda citoyen",
    "Les événements à venir de l'économie sociale et solidaire en région.",
    CC_BY_SA,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (
        Distribution("agenda:ics", "iCalendar", "text/calendar"),
        Distribution("agenda:geojson", "GeoJSON", "application/geo+json"),
        Distribution("agenda:rss", "RSS", "application/rss+xml"),
        Distribution("agenda:atom", "Atom", "application/atom+xml"),
    ),
)

SECTION = Section(
    key="agenda",
    order=20,
    app_labels=("agenda", "registrations"),
    navigation=((_("Agenda"), "agenda:index"),),
    front_pages=("agenda:index", "agenda:map"),
    sitemaps={"agenda": EventSitemap},
    datasets=(DATASET,),
    api_routers=(("/evenements/", api.router),),
)
