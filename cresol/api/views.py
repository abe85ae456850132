from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, from its OpenAPI description (Swagger UI, served by the portal)."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json")})
