"""The API's middleware.

- `ApiMiddleware`, around every answer, cached or not (before the page cache, cresol/core/pagecache.py):
  CORS open for reads, the cache headers and the ETag (a 304 when it matches).
- `ApiRateLimitMiddleware`, after the page cache: a rate limit per address on what the portal builds.
  An answer from the page cache costs one cache read, as a page does for a visitor, and is not
  counted (counting it would cost more than serving it: bench/api.py); every answer built is — a
  program walking through pages and filters is slowed down where it costs.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from cresol.core.pagecache import API_PREFIX
from cresol.core.ratelimit import Limit

from . import problems

REQUESTS = Limit("api", limit=settings.API_REQUESTS_PER_MINUTE, window_seconds=60)
MAX_AGE = 60  # the page cache's own: what a partner's proxy keeps no longer than the portal does


class ApiMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "OPTIONS" and request.path.startswith(API_PREFIX):
            return self._preflight()
        response: HttpResponseBase = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Link"
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            return self._conditional(request, response)
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, no_store=True)
        return response

    def _preflight(self) -> HttpResponseBase:
        """A browser asks before a read with If-None-Match: reads are open to any site. Writes are not
        (a partner's token belongs on its server, never in a page's script)."""
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, Accept"
        response["Access-Control-Max-Age"] = "86400"
        return response

    def _conditional(self, request: HttpRequest, response: Any) -> HttpResponseBase:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return get_conditional_response(request, etag=response["ETag"], response=response) or response


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(API_PREFIX) and not REQUESTS.hit(request):
            limited = problems.problem(
                429,
                "Trop de requêtes",
                f"{REQUESTS.limit} requêtes par minute au plus depuis une même adresse : réessayez dans une minute.",
                slug="trop-de-requetes",
            )
            limited["Retry-After"] = str(REQUESTS.window_seconds)
            return limited
        response: HttpResponseBase = self.get_response(request)
        return response
