from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cresol.core.memberpages import shared_page

from .reference import reference


@shared_page
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, from its OpenAPI description, as an accessible page."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json"), **reference()})


@shared_page
@require_safe
def console(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the same description, to try requests in the browser (a third-party tool: the
    reference page is the accessible one)."""
    return render(request, "api/console.html", {"openapi_url": reverse("api:openapi-json")})
