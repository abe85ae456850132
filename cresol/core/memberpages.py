"""Members get the page visitors get, with their own parts filled in: as fast as a visitor, nearly.

A page view marked `@shared_page` shows everyone the same thing but for a few parts — the header's
account links, the messages, a comment form, an organiser's button. Those parts are *slots* in its
templates (`{% member_slot "account_nav" %}`). For a member, the page body is built once per content
version as a visitor would see it, with a marker where each slot goes, and kept in the page cache
(cresol/core/pagecache.py: same versions, same lock against stampedes); each member's request then
fills the slots for them (a few small templates) and gives every form a CSRF token of their own.

A page a visitor may not see (a member's own pending initiative: a 404 for a visitor) is not shared:
the member gets it built for them, as any page that is not marked.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject

from . import pagecache

_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


@dataclass(frozen=True)
class Slot:
    template: str
    # The values its template needs beyond `request` and `user`, from the arguments the page gave.
    context: Callable[..., dict[str, Any]] | None = None


_slots: dict[str, Slot] = {}


def register_slot(name: str, template: str, context: Callable[..., dict[str, Any]] | None = None) -> None:
    _slots[name] = Slot(template, context)


def shared_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view whose page is the same for every member but for its slots (the outermost decorator:
    the middleware reads the mark on the function the URL resolves to)."""
    view.shared_page = True  # type: ignore[attr-defined]
    return view


@cache
def _marker_key() -> str:
    """In every marker: content (escaped or sanitised, never a raw comment) could not forge one anyway."""
    return salted_hmac("cresol.memberpages", "slot", algorithm="sha256").hexdigest()[:12]


@cache
def _marker_pattern() -> re.Pattern[bytes]:
    return re.compile(rb"<!--slot-" + _marker_key().encode() + rb" ([a-z_]+)((?: [^ >]*)*)-->")


def slot_marker(name: str, args: tuple[Any, ...]) -> str:
    return f"<!--slot-{_marker_key()} {name}{''.join(f' {arg}' for arg in args)}-->"


def _slot_values(slot: Slot, request: HttpRequest, args: tuple[Any, ...]) -> dict[str, Any]:
    return slot.context(request, *args) if slot.context else {}


def render_slot_in_page(name: str, context: Context, args: tuple[Any, ...]) -> str:
    """The slot, in a page being built: a marker in a shared body, else its template, rendered with the
    page's own values (a form with its errors) over the defaults."""
    request: HttpRequest = context["request"]
    if getattr(request, "member_slots", False):
        return slot_marker(name, args)
    slot = _slots[name]
    defaults = {key: value for key, value in _slot_values(slot, request, args).items() if key not in context}
    template: Any = context.template.engine.get_template(slot.template) if context.template else None
    with context.push(defaults):
        if template is None:  # a context without its template (a test's): rendered on its own
            return str(get_template(slot.template).render(dict(context.flatten()), request))  # type: ignore[arg-type]
        return str(template.render(context))


def _member_context(request: HttpRequest, token: Any) -> dict[str, Any]:
    """What the slots' templates read of the page's context: not every context processor (the header's
    links alone reverse a dozen URLs), which would run again for each slot."""
    return {
        "request": request,
        "user": request.user,
        "csrf_token": token,
        "messages": get_messages(request),
        "SITE_NAME": settings.SITE_NAME,
    }


def fill(body: bytes, request: HttpRequest) -> bytes:
    """The shared body with this member's slots and CSRF token (one for the whole page)."""
    token = SimpleLazyObject(lambda: get_token(request))
    shared = _member_context(request, token)

    def slot(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode()
        args = tuple(match.group(2).decode().split())
        values = {**shared, **_slot_values(_slots[name], request, args)}
        return get_template(_slots[name].template).render(values).encode()

    filled = _marker_pattern().sub(slot, body)
    if _CSRF_INPUT.search(filled):
        filled = _CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value="' + str(token).encode() + b'"', filled)
    return filled


def _render_as_visitor(request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    """The page as a visitor gets it, slots left as markers; None if a visitor may not see it."""
    member = request.user
    request.user = AnonymousUser()
    request.member_slots = True  # type: ignore[attr-defined]
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response
    except (Http404, PermissionDenied):
        return None
    finally:
        request.user = member
        del request.member_slots  # type: ignore[attr-defined]


def _member_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and not request.path.startswith(pagecache.never_cached_prefixes())
        and request.user.is_authenticated
    )


class MemberPageCacheMiddleware:
    """After authentication and messages: serves a member the shared body of a `@shared_page` view."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if not getattr(view, "shared_page", False) or not _member_request(request):
            return None
        # The markers' key in the page's: bodies marked under another secret key are never filled.
        found = pagecache.lookup(pagecache.page_key(request, f"member-{_marker_key()}"), request)
        if found.servable:
            assert found.copy is not None
            return _private(pagecache.from_copy(found.copy, found.fresh, fill(found.copy["content"], request)))
        try:
            built, read = pagecache.build(lambda: _render_as_visitor(request, view, args, kwargs))
            if built is None or not pagecache.cacheable_response(built):
                return None  # built for the member by the view itself, as any page
            copy = pagecache.store(found, built, read)
        finally:
            pagecache.release(found)
        response = pagecache.from_copy(copy, True, fill(copy["content"], request))
        response["X-Cache"] = "miss"
        return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    """A member's page holds their name and their token: no shared cache (a proxy's) may keep it."""
    patch_cache_control(response, private=True)
    return response
