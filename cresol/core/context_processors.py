"""Values every page's layout needs."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The header's navigation: a section appears once its app is installed and its URL exists.
SECTIONS = [
    (_("Accueil"), "core:home"),
    (_("Carte des initiatives"), "initiatives:map"),
    (_("Agenda"), "agenda:index"),
    (_("Blog"), "blog:index"),
    (_("Ressources"), "library:list"),
    (_("Veille"), "veille:index"),
]


def _sections(current_path: str) -> list[dict]:
    items = []
    for label, url_name in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "SECTIONS": _sections(request.path)}
