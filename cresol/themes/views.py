"""The themes' colours as a stylesheet: a strict CSP forbids style attributes, and staff edit colours."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from .models import Theme


def _latest_change(request):
    return Theme.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()


@require_safe
@condition(last_modified_func=_latest_change)
def theme_colours(request):
    # By slug for pages, by id for map markers (the map's GeoJSON carries theme ids to stay small).
    rules = "\n".join(
        f".theme--{slug}, .theme-id-{pk} {{ --theme-colour: {colour}; }}"
        for pk, slug, colour in Theme.objects.values_list("pk", "slug", "colour")
    )
    response = HttpResponse(rules + "\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=300)
    return response
