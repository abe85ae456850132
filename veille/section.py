"""The watch in the portal's registry of sections (cresol.core.sections): the header, the sitemap, the
open data page and the page cache learn it from here."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import CC_BY_SA, Dataset, Distribution
from cresol.core.sections import Section

from . import api

DATASET = Dataset(
    "veille",
    "Veille partagée",
    "Les liens partagés et commentés par le réseau, et leurs sources.",
    CC_BY_SA,
    "chaque jour",
    "http://purl.org/cld/freq/daily",
    (
        Distribution("veille:rss", "RSS", "application/rss+xml"),
        Distribution("veille:atom", "Atom", "application/atom+xml"),
        Distribution("veille:sources_opml", "OPML (les sources suivies)", "text/x-opml"),
    ),
)

SECTION = Section(
    key="veille",
    order=40,
    app_labels=("veille",),
    navigation=((_("Veille"), "veille:index"),),
    front_pages=("veille:index",),
    datasets=(DATASET,),
    api_routers=(("/partages/", api.router),),
)
