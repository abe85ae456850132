"""The library in the portal's registry of sections (cresol.core.sections)."""

from django.utils.translation import gettext_lazy as _

from cresol.core.opendata import CC_BY_SA, Dataset, Distribution
from cresol.core.sections import Section

from . import api

DATASET = Dataset(
    "ressources",
    "Ressources",
    "Guides, outils, rapports, formations et enregistrements partagés par les "
    "membres, chacun avec sa licence (le plus souvent libre) ; le flux porte le fichier en pièce jointe.",
    CC_BY_SA,
    "à chaque publication",
    "http://purl.org/cld/freq/continuous",
    (
        Distribution("library:rss", "RSS", "application/rss+xml"),
        Distribution("library:atom", "Atom", "application/atom+xml"),
    ),
)

SECTION = Section(
    key="library",
    order=35,
    app_labels=("library",),
    navigation=((_("Ressources"), "library:list"),),
    datasets=(DATASET,),
    api_routers=(("/ressources/", api.router),),
)
