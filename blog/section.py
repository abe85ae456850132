"""The blog in the portal's registry of sections (cresol.core.sections): the header, the sitemap, the
open data page and the page cache learn it from here."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import CC_BY_SA, Dataset, Distribution
from cresol.core.sections import Section

from . import api
from .sitemaps import DossierSitemap, PostSitemap

DATASET = Dataset(
    "blog",
    "Blog contributif",
    "Articles, dossiers et retours d'expérience des membres, en entier.",
    CC_BY_SA,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (
        Distribution("blog:rss", "RSS", "application/rss+xml"),
        Distribution("blog:atom", "Atom", "application/atom+xml"),
    ),
)

SECTION = Section(
    key="blog",
    order=30,
    app_labels=("blog",),
    navigation=((_("Blog"), "blog:index"),),
    front_pages=("blog:index",),
    sitemaps={"blog": PostSitemap, "dossiers": DossierSitemap},
    datasets=(DATASET,),
    api_routers=(("/articles/", api.router),),
)
