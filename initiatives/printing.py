"""The directory on paper: the initiatives of a commune (or of any of the list's filters), commune by
commune, each with its contacts and its address on the portal — for a town hall's counter, a
tiers-lieu's notice board (cresol/core/printing.py draws it)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_safe

from cresol.core.listing import bad_filters
from cresol.core.printing import pdf_response
from cresol.territories.models import Commune

from .filters import InitiativeFilter
from .models import Initiative

# Some forty pages; the whole region's directory is the CSV's and the map's.
PRINTED_INITIATIVES = 500


def directory_title(filterset: InitiativeFilter) -> str:
    """« Initiatives — Tours », from the narrowest territory chosen."""
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.form.is_valid() else {}
    if data.get("commune"):  # a name, an INSEE code or a postcode, as typed
        named = Commune.objects.named(data["commune"]).order_by("name").values_list("name", flat=True)
        return f"Initiatives solidaires — {', '.join(named[:3]) or data['commune']}"
    for name in ("epci", "pays", "departement"):
        if data.get(name):
            return f"Initiatives solidaires — {data[name].name}"
    return "Initiatives solidaires en Centre-Val de Loire"


@require_safe
def directory_pdf(request: HttpRequest) -> HttpResponseBase:
    filterset = InitiativeFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    ids = filterset.qs.order_by("commune__name", "name", "id").values("id")
    initiatives = list(
        Initiative.objects.filter(id__in=ids[: PRINTED_INITIATIVES + 1])
        .select_related("commune")
        .prefetch_related("themes")
        .order_by("commune__name", "name", "id")
    )
    communes: list[tuple[str, list[Any]]] = []
    for initiative in initiatives[:PRINTED_INITIATIVES]:
        if not communes or communes[-1][0] != initiative.commune.name:
            communes.append((initiative.commune.name, []))
        communes[-1][1].append(initiative)
    context = {
        "title": directory_title(filterset),
        "communes": communes,
        "count": min(len(initiatives), PRINTED_INITIATIVES),
        "truncated": len(initiatives) > PRINTED_INITIATIVES,
        "limit": PRINTED_INITIATIVES,
        "site_url": settings.SITE_URL,
        "printed": timezone.localdate(),
    }
    return pdf_response(request, "initiatives/print/directory.html", context, filename="annuaire-initiatives.pdf")
