"""Values every page's layout needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .sections import registered


def _sections(current_path: str) -> list[dict[str, Any]]:
    """The header's navigation: the home page, then each registered section's links (cresol.core.sections)."""
    links = [(_("Accueil"), "core:home"), *(link for section in registered() for link in section.navigation)]
    items = []
    for label, url_name in links:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "SECTIONS": _sections(request.path)}
