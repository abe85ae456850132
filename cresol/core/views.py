"""Views of the site's frame: the home page, the health check, robots.txt and the favicon."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from cresol.core.memberpages import shared_page
from cresol.themes.models import Theme

logger = logging.getLogger(__name__)


@shared_page
@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    """Presents Cré-sol and its missions; each section adds its block to the template."""
    return render(request, "core/home.html", {"themes": Theme.objects.all()})


# Pages of people's own work or of forms: nothing for a search engine, and costly to crawl.
PRIVATE_PATHS = [
    "/compte/",
    "/mon-espace/",
    "/veille/boite/",
    "/veille/partager/",
    "/veille/lettre/",
    "/initiatives/proposer/",
    "/agenda/proposer/",
    "/blog/ecrire/",
    "/*/modifier/",
    "/*/signaler/",
    "/*/merci/",
    "/blog/invitations/",
]


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponseBase:
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_URL}"]
    lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseBase:
    """Browsers ask /favicon.ico whatever the page says: the icon, through the static files' address."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponseBase:
    """For the load balancer: 200 when this app server can reach the database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
