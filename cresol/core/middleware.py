"""Requests no page of the portal can answer, turned away before any view or query sees them."""

from typing import Any

from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string


class RejectNullCharactersMiddleware:
    """A 400 for a NUL character in the path or the query string.

    No address or filter of the portal holds one, and PostgreSQL refuses it in text: left through, it
    would reach a query as a DataError (a 500) from any view that reads a parameter as it is.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _holds_nul(request):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        response: HttpResponseBase = self.get_response(request)
        return response


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())
