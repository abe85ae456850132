"""The commune lookup used by every form that asks for a place, and by scripts that centre maps."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit

from . import pages
from .addresses import AddressSearchUnavailable, find_addresses
from .forms import CommuneLookupForm
from .geometry import WGS84
from .models import Commune, Departement

DEFAULT_LIMIT = 10


def commune_as_json(commune: Commune) -> dict:
    return {
        "code": commune.code,
        "name": commune.name,
        "label": f"{commune.name} ({commune.departement.code})",
        "departement": commune.departement.code,
        "epci": commune.epci.siren if commune.epci else None,
        "postal_codes": commune.postal_codes,
        "lat": round(commune.point.y, 5),
        "lon": round(commune.point.x, 5),
    }


@require_safe
@cache_control(public=True, max_age=3600)
def commune_lookup(request: HttpRequest) -> HttpResponseBase:
    """`?q=tours` or `?q=37000` finds communes, best match first; `?lat=…&lon=…` finds the one there."""
    form = CommuneLookupForm(request.GET)
    if not form.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
        return JsonResponse({"error": "Requête invalide.", "details": errors}, status=400)
    data = form.cleaned_data
    communes = Commune.objects.select_related("departement", "epci").defer("geom")
    if data["lat"] is not None:
        communes = communes.containing(Point(data["lon"], data["lat"], srid=WGS84))
    if data["q"]:
        communes = communes.search(data["q"])
    limit = data["limit"] or DEFAULT_LIMIT
    return JsonResponse({"results": [commune_as_json(commune) for commune in communes[:limit]]})


@require_safe
@cache_control(public=True, max_age=86400)
def departement_outlines(request: HttpRequest) -> HttpResponseBase:
    """The six départements' outlines, simplified: the offline background of maps without tiles."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                'type', 'Feature', 'id', code, 'properties', json_build_object('name', name),
                'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.004), 4)::json
            ) ORDER BY code), '[]'))::text
            FROM territories_departement WHERE geom IS NOT NULL
            """
        )
        body = cursor.fetchone()[0]
    return HttpResponse(body, content_type="application/geo+json")


@require_safe
@gzip_page
@cache_control(public=True, max_age=86400)
def commune_outlines(request: HttpRequest, code: str) -> HttpResponseBase:
    """A département's communes, outlines simplified to about 50 m, with a point for the name: the
    offline background of maps zoomed in, so that a point placed by hand shows where it falls."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
                json_build_object(
                    'type', 'Feature', 'id', c.code,
                    'properties', json_build_object(
                        'name', c.name, 'label', ST_AsGeoJSON(ST_PointOnSurface(c.geom), 4)::json
                    ),
                    'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(c.geom, 0.0005), 4)::json
                ) ORDER BY c.code), '[]'))::text
            FROM territories_commune c JOIN territories_departement d ON d.id = c.departement_id
            WHERE d.code = %s
            """,
            [code],
        )
        count, body = cursor.fetchone()
    if not count and not Departement.objects.filter(code=code).exists():
        raise Http404
    return HttpResponse(body, content_type="application/geo+json")


@shared_page
@require_safe
def territory_page(request: HttpRequest, level: str, code: str = "") -> HttpResponseBase:
    """A territory's page: its outline, and what each section holds there (each section's own block)."""
    builders: dict[str, Callable[..., Any]] = {
        "region": pages.region,
        "departement": pages.departement,
        "epci": pages.epci,
        "pays": pages.pays,
        "commune": pages.commune,
    }
    territory = builders[level](*([code] if code else []))
    outline = territory.outline.simplify(0.001, preserve_topology=True).geojson if territory.outline else ""
    return render(request, "territories/territory_detail.html", {"territory": territory, "outline": outline})


ADDRESS_SEARCHES = Limit("address-search", limit=30, window_seconds=60)


@require_safe
def address_search(request: HttpRequest) -> HttpResponseBase:
    """For the point pickers: the region's addresses matching ?q= (and the commune, ?commune=<insee>)."""
    if not settings.ADDRESS_SEARCH_URL:
        return JsonResponse({"error": "La recherche d'adresse n'est pas activée : choisissez la commune."}, status=404)
    typed = " ".join(request.GET.get("q", "").split())[:200]
    commune = request.GET.get("commune", "")
    if len(typed) < 3 or (commune and not commune.isalnum()):
        return JsonResponse({"error": "Tapez au moins trois caractères de l'adresse."}, status=400)
    if not ADDRESS_SEARCHES.hit(request):
        return JsonResponse(
            {"error": "Trop de recherches d'adresse d'un coup : réessayez dans une minute."}, status=429
        )
    try:
        results = find_addresses(typed, commune_code=commune[:5])
    except AddressSearchUnavailable:
        return JsonResponse({"error": "La recherche d'adresse ne répond pas : placez le point à la main."}, status=503)
    return JsonResponse({"results": results})
