"""What the sections' lists and data endpoints share: pages that 404 past the end, filter errors as
400, and answers that a client's cached copy (ETag, Last-Modified) can spare."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int) -> tuple[Page[Any], str]:
    """The requested page (a French 404 when it does not exist) and the query string without `page`.

    The query string keeps the filters in the pagination links.
    """
    try:
        page = Paginator(queryset, per_page).page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError, OverflowError) as error:
        raise Http404(_("Cette page de résultats n'existe pas.")) from error
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def paginate_ids_first(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int, rows: QuerySet[Any]
) -> tuple[Page[Any], str]:
    """As paginate(), for long lists: the page's ids first, read from the order's index alone (a deep
    page of 100,000 skips index entries, not rows), then those rows from `rows`, in the page's order.
    Page numbers keep working, which keyset pagination would lose."""
    page, query = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    found = rows.in_bulk(ids)
    page.object_list = [found[pk] for pk in ids if pk in found]
    return page, query


def bad_filters(filterset: Any) -> JsonResponse:
    """A 400 for data endpoints (GeoJSON, iCalendar, exports): what was wrong, field by field, in French."""
    errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
    return JsonResponse({"error": _("Paramètres invalides."), "details": errors}, status=400)


def respond_with_content_etag(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """`response` with an ETag of its content, or a 304 when the client has that content already: for
    the many small answers (the map's tiles) whose building costs less than working out whether they
    changed. Exact whatever changed them; caches may keep the answer but must ask again each time
    (max-age=0, must-revalidate), so nobody keeps a stale copy. Anonymous visitors' copies come from
    the page cache, which answers their 304s without building anything."""
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag, response=response) or response
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def respond_if_changed(
    request: HttpRequest,
    queryset: QuerySet[Any],
    build: Callable[[int], HttpResponseBase],
    *,
    max_age: int,
    moment: str = "",
) -> HttpResponseBase:
    """A 304 when nothing in `queryset` changed since the client's copy, else `build(rows)`, told how
    many rows there are (a view may stream a large answer).

    The version is the query string, the latest `updated_at` and the number of rows (a row that leaves
    the results, unpublished or past, changes the count): one aggregate query before any heavy work.
    Results that also change with the clock ("open now") name the `moment` they hold for.
    """
    stamp = queryset.order_by().aggregate(latest=Max("updated_at"), count=Count("pk"))
    latest = stamp["latest"]
    version = f"{request.GET.urlencode()}|{latest}|{stamp['count']}|{moment}"
    etag = quote_etag(hashlib.sha256(version.encode()).hexdigest()[:32])
    last_modified = int(latest.timestamp()) if latest else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified) or build(stamp["count"])
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=max_age)
    return response
