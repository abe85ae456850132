"""The themes' pages, which gather the four sections on one theme, and their colours as a stylesheet (a
strict CSP forbids style attributes, and staff edit colours)."""

import json

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from cresol.core.memberpages import shared_page
from cresol.core.wording import count_of
from cresol.moderation.registry import registered_sections

from .models import Theme


def _latest_change(request: HttpRequest):
    return Theme.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()


@require_safe
@condition(last_modified_func=_latest_change)
def theme_colours(request: HttpRequest) -> HttpResponseBase:
    # By slug for pages, by id for map markers (the map's GeoJSON carries theme ids to stay small).
    rules = "\n".join(
        f".theme--{slug}, .theme-id-{pk} {{ --theme-colour: {colour}; }}"
        for pk, slug, colour in Theme.objects.values_list("pk", "slug", "colour")
    )
    # The portal's address, which the print stylesheet writes before a page's own links (site.css).
    site = f":root {{ --site-url: {json.dumps(settings.SITE_URL)}; }}"
    response = HttpResponse(f"{site}\n{rules}\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=300)
    return response


def _published_counts() -> dict[int, list[str]]:
    """Per theme id, how many published contents each section has on it ("3 initiatives"), one query
    per section."""
    counts: dict[int, list[str]] = {}
    for entry in registered_sections():
        model = entry.model
        if not any(field.name == "themes" for field in model._meta.many_to_many):
            continue
        rows = (
            model._default_manager.published()
            .values("themes")
            .annotate(count=Count("pk", distinct=True))
            .values_list("themes", "count")
        )
        names = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
        for theme_id, count in rows:
            if theme_id is not None:
                counts.setdefault(theme_id, []).append(count_of(count, *names))
    return counts


@shared_page
@require_safe
def theme_list(request: HttpRequest) -> HttpResponseBase:
    """Every theme, with what each section holds on it."""
    counts = _published_counts()
    themes = [(theme, counts.get(theme.pk, [])) for theme in Theme.objects.all()]
    return render(request, "themes/theme_list.html", {"themes": themes})


@shared_page
@require_safe
def theme_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One theme across the portal: each section adds its block (its own template tags), with a link to
    the section filtered on the theme."""
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "themes/theme_detail.html", {"theme": theme})
