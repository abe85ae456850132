"""Around every answer of the API, cached or not (before the page cache, cresol/core/pagecache.py):
the rate limit per address, CORS open for reads, the cache headers and the ETag (304 when it matches)."""

import hashlib
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from cresol.core.ratelimit import Limit

from . import problems

API_PREFIX = "/api/"
REQUESTS = Limit("api", limit=600, window_seconds=60)
MAX_AGE = 60  # the page cache's own: what a partner's proxy keeps no longer than the portal does


class ApiMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            passed: HttpResponseBase = self.get_response(request)
            return passed
        if not REQUESTS.hit(request):
            limited = problems.problem(
                429,
                "Trop de requêtes",
                f"{REQUESTS.limit} requêtes par minute au plus depuis une même adresse : réessayez dans une minute.",
                slug="trop-de-requetes",
            )
            limited["Retry-After"] = str(REQUESTS.window_seconds)
            return limited
        response: HttpResponseBase = self.get_response(request)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Link"
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            return self._conditional(request, response)
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, no_store=True)
        return response

    def _conditional(self, request: HttpRequest, response: Any) -> HttpResponseBase:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return get_conditional_response(request, etag=response["ETag"], response=response) or response
