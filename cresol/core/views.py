"""Views of the site's frame: the home page and the health check."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cresol.themes.models import Theme

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """Presents Cré-sol and its missions; each section adds its block to the template."""
    return render(request, "core/home.html", {"themes": Theme.objects.all()})


@require_safe
@never_cache
def healthz(request):
    """For the load balancer: 200 when this app server can reach the database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
