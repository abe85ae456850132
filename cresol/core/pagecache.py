"""Anonymous visitors get pages from the cache; any change to published content shows at once.

Most visits are anonymous reads of pages that change only when content does. Such a page is kept in
the "pages" cache (in PostgreSQL by default, in Redis with REDIS_URL: shared by every web machine; apart
from the rate-limit counters, which page traffic must never evict) under its
full address, beside the *content version* it was built from. Any write to a content model — by a
member's form, the admin, an import, a command — gives the version a new value, at once and again when
its transaction commits (`bump_content_version`: called by the model signals, and by the services that
write in bulk, which send none), so the next visitor gets a fresh page: nobody sees a decision late.
A hit costs one cache read (the page and the version are fetched together).

Pages that depend on time alone (an event that has just ended, a post scheduled for 10:00) may be up
to PAGE_TTL late. Never cached: members (a session cookie), a visitor with a message waiting, other
methods than GET/HEAD, the admin, the account pages, and any response that sets a cookie (a form's
CSRF token), is not a 200, asks not to be cached, or streams.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response

PAGE_TTL = 60
MAX_BYTES = 8 * 1024 * 1024  # the map of 20,000 initiatives is about 4 MB
# Pages and the documents partners read; not the JSON that forms ask for as one types.
CACHED_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/geo+json",
    "text/calendar",
)
# In the "pages" cache, which culling never empties of this key (cresol/core/cache_backends.PageCache).
VERSION_KEY = "pagecache:version"
# A page is kept with every header the view and the inner middleware set (the outer ones, security and
# CSP, are added again to every response, cached or not), but these: a cookie is never cached, and
# X-Cache says where the answer came from.
DROPPED_HEADERS = {"set-cookie", "x-cache"}
# What a view asks of the outer CSP middleware (Django's @csp_override: the embeddable map allows any
# frame ancestor): kept with the page too, or the cached copy got the strict policy and no partner's
# iframe showed it.
KEPT_ATTRIBUTES = ("_csp_config", "_csp_ro_config")


def _cache() -> BaseCache:
    """The pages' own cache: page traffic there can never evict a rate-limit counter ("default")."""
    return caches["pages"]


# The shared apps whose rows the public pages show; the sections add theirs (cresol.core.sections). A write
# to any of their models makes every cached page stale; a member's login (last_login) is not such a write.
SHARED_CONTENT_APPS = frozenset({"people", "letter", "themes", "territories", "accounts", "taggit"})


def content_apps() -> frozenset[str]:
    from .sections import registered

    return SHARED_CONTENT_APPS.union(*(section.app_labels for section in registered()))


# Whether this process put a page in the cache since it last gave the version a new value: if not, a
# second write in the same transaction has nothing new to make stale before the commit does.
_page_stored_since_bump = True


def _new_version() -> None:
    global _page_stored_since_bump
    _page_stored_since_bump = False
    _cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def _note_page_stored() -> None:
    global _page_stored_since_bump
    _page_stored_since_bump = True


def _bump_pending_at_commit(connection: Any) -> bool:
    """A new version is already due when this transaction (or the savepoint we are in) commits."""
    current = set(connection.savepoint_ids)
    return any(func is _new_version and ids <= current for ids, func, _robust in connection.run_on_commit)


def bump_content_version() -> None:
    """Every cached page is stale from now on, and again once the current transaction commits: a
    visitor who came in between may have cached a page built from the rows before the commit.

    Once per transaction, however many rows it writes (an initiative's save sends four signals, an
    import hundreds): the write visible at once within the transaction (a page cached since then, as
    in a test's single transaction) is the one exception that sets a new version again."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the row is visible to everyone already
        _new_version()
        return
    pending = _bump_pending_at_commit(connection)
    if _page_stored_since_bump or not pending:
        _new_version()
    if not pending:
        transaction.on_commit(_new_version)


def content_version() -> str:
    """The current content version (a new one if the cache lost it)."""
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return str(version)


def cached_until_content_changes(name: str, compute: Callable[[], Any], timeout: int = 3600) -> Any:
    """`compute()`'s value, kept until any content changes (as pages are) or `timeout` seconds pass:
    for what many pages read and costs more than a page (the observatory's figures)."""
    key = f"pagecache:derived:{name}:{content_version()}"
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
        _note_page_stored()  # a later write in this transaction must make it stale too
    return value


def _content_written(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender.__module__ == "__fake__":  # a migration's historical model: no page exists yet to go stale
        return
    # A save of bookkeeping alone (a member's last login, a feed's last fetch and ETag, an import's notes
    # for staff) changes no page: the cache of every page must not go every 30 minutes with the fetches.
    bookkeeping: frozenset[str] = getattr(sender, "BOOKKEEPING_FIELDS", frozenset())
    if update_fields and frozenset(update_fields) <= bookkeeping:
        return
    if sender._meta.app_label in content_apps():
        bump_content_version()


def watch_content_writes() -> None:
    """Called once at start-up (CoreConfig.ready): any save, delete or relation change of content."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_content_written, dispatch_uid="pagecache-save")
    post_delete.connect(_content_written, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_content_written, dispatch_uid="pagecache-m2m")


def _never_cached_prefixes() -> tuple[str, ...]:
    return (f"/{settings.ADMIN_URL}", "/compte/", "/mon-espace/", "/healthz", settings.STATIC_URL, settings.MEDIA_URL)


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(_never_cached_prefixes())
    )


def _cacheable_response(response: Any) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and len(response.content) <= MAX_BYTES
    )


def _key(request: HttpRequest) -> str:
    """The page's address, and whether the client takes gzip: a view may compress (the map's GeoJSON),
    and a compressed copy must never reach a client that did not ask for one (Vary: Accept-Encoding)."""
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    address = f"{request.get_host()}{request.get_full_path()}|{gzip}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            passed: HttpResponseBase = self.get_response(request)
            return passed
        key = _key(request)
        cache = _cache()
        found = cache.get_many([key, VERSION_KEY])
        version = found.get(VERSION_KEY)
        cached = found.get(key)
        if cached is not None and version is not None and cached["version"] == version:
            response = HttpResponse(cached["content"], headers=cached["headers"])
            for name, value in cached.get("attributes", {}).items():
                setattr(response, name, value)
            response["X-Cache"] = "hit"
            # A client that has this version already gets a 304, as from the view itself.
            return get_conditional_response(request, etag=response.get("ETag"), response=response) or response
        built: Any = self.get_response(request)  # an HttpResponse when cacheable (it has content)
        if not _cacheable_response(built):
            return cast(HttpResponseBase, built)
        if version is None:  # the first page since the cache was emptied
            version = uuid.uuid4().hex
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
        headers = {name: value for name, value in built.items() if name.lower() not in DROPPED_HEADERS}
        attributes = {name: getattr(built, name) for name in KEPT_ATTRIBUTES if hasattr(built, name)}
        cached = {"version": version, "content": built.content, "headers": headers, "attributes": attributes}
        cache.set(key, cached, PAGE_TTL)
        _note_page_stored()
        built["X-Cache"] = "miss"
        return cast(HttpResponseBase, built)
