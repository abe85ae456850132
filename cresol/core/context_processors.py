"""Values every page's layout needs."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# The header's navigation: a section appears once its app is installed and its URL exists.
SECTIONS = [
    ("Accueil", "core:home"),
    ("Carte des initiatives", "initiatives:map"),
    ("Agenda", "agenda:index"),
    ("Blog", "blog:index"),
    ("Veille", "veille:index"),
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
    return {"SITE_NAME": settings.SITE_NAME, "SECTIONS": _sections(request.path)}
