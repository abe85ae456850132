"""Pages from the cache; any change to published content shows at once where it shows.

Most visits are reads of pages that change only when content does. Such a page is kept in the "pages"
cache (in PostgreSQL by default, in Redis with REDIS_URL: shared by every web machine; apart from the
rate-limit counters, which page traffic must never evict) under its full address, beside the versions
of the scopes it read (cresol/core/versions.py): a write to the blog makes stale the blog's pages and
the home page, not the map. A hit costs one cache read (the page and the versions fetched together).

- Anonymous visitors get the whole page (`AnonymousPageCacheMiddleware`, before sessions).
- Members get the same body with their own parts filled in (cresol/core/memberpages.py).
- No stampede: when a copy is stale (its time is up or what it read changed), one request rebuilds it
  under a lock in the cache while the others get the previous copy — for REBUILD_SECONDS at most, the
  lock's life. The person whose request changed content gets a FRESH_COOKIE for as long, and never a
  stale copy: a change is visible at once to its author, and to anyone once the rebuild is done.

Pages that depend on time alone (an event that has just ended, a post scheduled for 10:00) may be up
to PAGE_CACHE_TTL seconds late (a setting, 60 by default). Never cached: a visitor with a message
waiting, other methods than GET/HEAD, the admin, the account pages, and any response that sets a
cookie (a form's CSRF token), is not a 200, asks not to be cached, or streams.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response

from . import versions
from .versions import cache

# How long a stale copy may still be served while one request rebuilds it (the rebuild lock's life),
# and how long the author of a change is kept from stale copies.
REBUILD_SECONDS = 10
FRESH_COOKIE = "cresol_fresh"
# A copy is kept past its time for this long, to be served while it is rebuilt.
KEPT_SECONDS = 600
MAX_BYTES = 8 * 1024 * 1024  # the map of 20,000 initiatives is about 4 MB
# Pages and the documents partners read; not the JSON that forms ask for as one types.
CACHED_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/geo+json",
    "text/calendar",
    "application/pdf",  # the printable posters and agendas: drawn again only when what they show changes
)
# A page is kept with every header the view and the inner middleware set (the outer ones, security and
# CSP, are added again to every response, cached or not), but these: a cookie is never cached, and
# X-Cache says where the answer came from.
DROPPED_HEADERS = {"set-cookie", "x-cache"}
# JSON is cached for the partners' API only, not the JSON that forms ask for as one types.
API_PREFIX = "/api/"  # the partners' API (cresol/api/): its JSON answers are pages like any other
# What a view asks of the outer CSP middleware (Django's @csp_override: the embeddable map allows any
# frame ancestor): kept with the page too, or the cached copy got the strict policy and no partner's
# iframe showed it.
KEPT_ATTRIBUTES = ("_csp_config", "_csp_ro_config")


@dataclass
class Lookup:
    """A page's copy in the cache, and whether it may be served."""

    key: str
    copy: dict[str, Any] | None
    found: dict[str, Any]  # what the get_many read: the copy and every scope's version
    fresh: bool
    rebuilding: bool = False  # this request holds the rebuild lock

    @property
    def servable(self) -> bool:
        return self.copy is not None and (self.fresh or not self.rebuilding)


def lookup(key: str, request: HttpRequest) -> Lookup:
    """The copy under `key`; when it is stale, whether another request rebuilds it (then the stale copy
    may be served) or this one must (it then holds the lock until `store` or `release`)."""
    found = cache().get_many([key, *versions.version_keys()])
    copy = found.get(key)
    fresh = (
        copy is not None
        and time.time() - copy["built"] < settings.PAGE_CACHE_TTL
        and versions.up_to_date(copy["versions"], found)
    )
    result = Lookup(key, copy, found, fresh)
    author = FRESH_COOKIE in request.COOKIES
    if copy is not None and not fresh and (author or cache().add(f"{key}:lock", 1, REBUILD_SECONDS)):
        result.rebuilding = True
    return result


def release(found: Lookup) -> None:
    if found.rebuilding:
        cache().delete(f"{found.key}:lock")


def store(found: Lookup, response: Any, read: set[str]) -> dict[str, Any]:
    """Keep the response with the versions of the scopes its page read; the copy kept."""
    headers = {name: value for name, value in response.items() if name.lower() not in DROPPED_HEADERS}
    attributes = {name: getattr(response, name) for name in KEPT_ATTRIBUTES if hasattr(response, name)}
    copy = {
        "versions": versions.current_versions(found.found, read),
        "built": time.time(),
        "content": response.content,
        "headers": headers,
        "attributes": attributes,
    }
    cache().set(found.key, copy, settings.PAGE_CACHE_TTL + KEPT_SECONDS)
    versions.note_page_stored(read)
    return copy


def from_copy(copy: dict[str, Any], fresh: bool, content: bytes | None = None) -> HttpResponse:
    response = HttpResponse(copy["content"] if content is None else content, headers=copy["headers"])
    for name, value in copy.get("attributes", {}).items():
        setattr(response, name, value)
    response["X-Cache"] = "hit" if fresh else "stale"
    return response


def build(get_response: Callable[[], Any]) -> tuple[Any, set[str]]:
    """The response, and the scopes its page read."""
    with versions.track_reads() as read:
        response = get_response()
    return response, read


def never_cached_prefixes() -> tuple[str, ...]:
    return (f"/{settings.ADMIN_URL}", "/compte/", "/mon-espace/", "/healthz", settings.STATIC_URL, settings.MEDIA_URL)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(never_cached_prefixes())
    )


def cacheable_response(response: Any, path: str = "") -> bool:
    cache_control = response.get("Cache-Control", "")
    media_type = response.get("Content-Type", "").split(";")[0]
    return (
        response.status_code == 200
        and not response.streaming
        and (media_type in CACHED_TYPES or (media_type == "application/json" and path.startswith(API_PREFIX)))
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and len(response.content) <= MAX_BYTES
    )


def page_key(request: HttpRequest, variant: str = "") -> str:
    """The page's address, and whether the client takes gzip: a view may compress (the map's GeoJSON),
    and a compressed copy must never reach a client that did not ask for one (Vary: Accept-Encoding)."""
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    address = f"{request.get_host()}{request.get_full_path()}|{gzip}|{variant}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def mark_author(request: HttpRequest, response: HttpResponseBase) -> None:
    """The request changed content: for a while, its author never gets a stale copy."""
    response.set_cookie(
        FRESH_COOKIE,
        "1",
        max_age=REBUILD_SECONDS * 3,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = versions.bumped_in_request.set(False)
        try:
            response = self._respond(request)
            if versions.bumped_in_request.get():
                mark_author(request, response)
            return response
        finally:
            versions.bumped_in_request.reset(token)

    def _respond(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            passed: HttpResponseBase = self.get_response(request)
            return passed
        found = lookup(page_key(request), request)
        if found.servable:
            assert found.copy is not None
            response = from_copy(found.copy, found.fresh)
            # A client that has this version already gets a 304, as from the view itself.
            return get_conditional_response(request, etag=response.get("ETag"), response=response) or response
        try:
            built, read = build(lambda: self.get_response(request))
            if not cacheable_response(built, request.path):
                return cast(HttpResponseBase, built)
            store(found, built, read)
        finally:
            release(found)
        built["X-Cache"] = "miss"
        return cast(HttpResponseBase, built)
