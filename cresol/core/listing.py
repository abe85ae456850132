"""What every list and feed of the sections shares: pages that 404 past the end, and filter errors as 400."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _


def paginate(request, queryset, per_page: int):
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


def bad_filters(filterset) -> JsonResponse:
    """A 400 for data endpoints (GeoJSON, iCalendar, exports): what was wrong, field by field, in French."""
    errors = {field: [str(message) for message in messages] for field, messages in filterset.errors.items()}
    return JsonResponse({"error": _("Paramètres invalides."), "details": errors}, status=400)
